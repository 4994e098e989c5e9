package io.roomcast.core.history;

import io.vertx.core.json.JsonObject;

/**
 * A place in a room's stream: the last {@code seq} within {@code epoch}. Epoch is null for a room
 * that never had a durable event (its seq is then 0).
 */
public record StreamPosition(String epoch, long seq) {
  public JsonObject toJson() {
    JsonObject json = new JsonObject();
    if (epoch != null) {
      json.put("epoch", epoch);
    }
    return json.put("seq", seq);
  }
}
