package io.roomcast.bench.client;

/**
 * Where events are published: roomcast's {@code POST /api/rooms/{room}/events} with the API key, or
 * the peers' {@code POST /publish/{room}} without auth. All answer 202.
 */
public record PublishTarget(int port, String pathPrefix, String pathSuffix, String authorization) {
  public static PublishTarget roomcast(int apiPort, String apiKey) {
    return new PublishTarget(apiPort, "/api/rooms/", "/events", "Bearer " + apiKey);
  }

  public static PublishTarget peer(int port) {
    return new PublishTarget(port, "/publish/", "", null);
  }

  public String path(String room) {
    return pathPrefix + room + pathSuffix;
  }
}
