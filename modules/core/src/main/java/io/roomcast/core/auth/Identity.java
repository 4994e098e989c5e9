package io.roomcast.core.auth;

import java.time.Instant;
import java.util.List;

/**
 * Who is behind a request or connection. Browsers are users with the claims of their JWT; backends
 * using the API key are services and may act in any room, for any user.
 *
 * @param expiresAt null for services (API keys do not expire)
 */
public record Identity(
    String user, List<String> rooms, List<String> pub, boolean service, Instant expiresAt) {

  public static final String SERVICE_USER = "service";

  public static Identity forService() {
    return new Identity(SERVICE_USER, List.of("*"), List.of("*"), true, null);
  }

  public boolean canSubscribe(String room) {
    return service || RoomPatterns.anyMatches(rooms, room);
  }

  public boolean canPublish(String room) {
    return service || RoomPatterns.anyMatches(pub, room);
  }

  public boolean canRead(String room) {
    return canSubscribe(room);
  }

  public boolean expired(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }
}
