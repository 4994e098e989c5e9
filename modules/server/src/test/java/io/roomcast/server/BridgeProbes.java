package io.roomcast.server;

import io.roomcast.testing.WsClient;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A bridge registration is confirmed by delivery only (the protocol does not answer it): probes go
 * into the room until one comes through, then every probe sent is read, so none is left ahead of
 * what the test publishes next.
 */
final class BridgeProbes {
  private BridgeProbes() {}

  /** Probes {@code room} until {@code socket} (and whatever {@code alsoSeen} checks) got one. */
  static void untilSeen(
      TestNode node, String room, WsClient socket, BooleanSupplier alsoSeen, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    int sent = 0;
    int seen = -1;
    while (seen < 0 || !alsoSeen.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no probe came through on " + room + " within " + wait);
      }
      node.publish(room, new JsonObject().put("probe", sent++));
      seen = Math.max(seen, probe(socket.poll(Duration.ofMillis(200))));
    }
    while (seen < sent - 1) {
      seen = Math.max(seen, probe(socket.next(wait)));
    }
  }

  /** The probe number a bridge message carries, or -1. */
  private static int probe(JsonObject f) {
    if (f != null && "rec".equals(f.getString("type"))) {
      JsonObject data = f.getJsonObject("body").getJsonObject("data");
      if (data != null && data.containsKey("probe")) {
        return data.getInteger("probe");
      }
    }
    return -1;
  }
}
