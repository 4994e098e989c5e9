package io.roomcast.core.hooks;

import io.vertx.core.json.JsonObject;

/**
 * Where the parts that decide an event (presence, history, the cluster's occupancy) hand it to the
 * webhooks. Each event is emitted by exactly one caller in the cluster; the implementation queues
 * it for every webhook that wants it. Callers ask {@link #wants} first, so that an event no webhook
 * receives costs nothing.
 */
public interface HookEvents {
  /** No webhooks: wants nothing, emits nothing. */
  HookEvents NONE =
      new HookEvents() {
        @Override
        public boolean wants(String event) {
          return false;
        }

        @Override
        public void emit(String event, String room, String user, JsonObject data) {}
      };

  /** Whether some webhook receives {@code event} (one of the webhook event names). */
  boolean wants(String event);

  /**
   * Queues {@code event} for delivery (fire and forget, any thread).
   *
   * @param room the room it is about, or null
   * @param user the user it is about, or null
   * @param data more about it, or null
   */
  void emit(String event, String room, String user, JsonObject data);
}
