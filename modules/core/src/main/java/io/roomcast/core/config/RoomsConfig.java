package io.roomcast.core.config;

import io.vertx.core.json.JsonObject;

/**
 * Which rooms exist.
 *
 * @param requireCreated when true, only rooms created with {@code PUT /api/rooms/{room}} may be
 *     subscribed to or published into; others answer {@code room_not_found}. Default false: any
 *     valid room id exists.
 */
public record RoomsConfig(boolean requireCreated) {
  public static final boolean DEFAULT_REQUIRE_CREATED = false;

  static RoomsConfig from(JsonObject root) {
    ConfigReader r = new ConfigReader(root, "rooms");
    return new RoomsConfig(r.bool("requireCreated", DEFAULT_REQUIRE_CREATED));
  }
}
