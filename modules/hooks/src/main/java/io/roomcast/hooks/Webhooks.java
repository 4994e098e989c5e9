package io.roomcast.hooks;

import com.hazelcast.map.IMap;
import io.roomcast.core.config.HooksConfig;
import io.roomcast.core.config.HooksConfig.Webhook;
import io.roomcast.core.event.EventIds;
import io.roomcast.core.hooks.HookEvents;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.logging.Logger;

/**
 * The node's {@link HookEvents}: an emitted event becomes one pending entry per receiver that wants
 * it, written straight into the cluster's queue (one asynchronous map write each, no bus hop), so
 * from then on it survives the death of this node. The body is built once, here: {@code
 * {"id","event","ts","room"?,"user"?,"data"?}}.
 */
public final class Webhooks implements HookEvents {
  private static final Logger LOG = Logger.getLogger(Webhooks.class.getName());

  private final HooksConfig config;
  private final List<Webhook> receivers;
  private final Clock clock;
  private final RateLimitedLog lost = new RateLimitedLog(LOG, 10_000);
  private volatile IMap<String, Pending> pending;

  public Webhooks(HooksConfig config, Clock clock) {
    this.config = config;
    this.receivers = config.webhooks();
    this.clock = clock;
  }

  HooksConfig config() {
    return config;
  }

  /** Called by the hooks verticle once the queue is open; events emitted before are refused. */
  void open(IMap<String, Pending> queue) {
    this.pending = queue;
  }

  @Override
  public boolean wants(String event) {
    return config.wants(event);
  }

  @Override
  public void emit(String event, String room, String user, JsonObject data) {
    if (!wants(event)) {
      return;
    }
    IMap<String, Pending> queue = pending;
    if (queue == null) {
      lost.warn("webhook " + event + " emitted before the hooks started: not sent");
      return;
    }
    long now = clock.millis();
    String id = EventIds.next();
    JsonObject body =
        new JsonObject()
            .put("id", id)
            .put("event", event)
            .put("ts", java.time.Instant.ofEpochMilli(now).toString());
    if (room != null) {
      body.put("room", room);
    }
    if (user != null) {
      body.put("user", user);
    }
    if (data != null) {
      body.put("data", data);
    }
    String text = body.encode();
    for (int i = 0; i < receivers.size(); i++) {
      Webhook w = receivers.get(i);
      if (w.wants(event)) {
        queue
            .setAsync(PendingQueue.key(id, i), new Pending(w.url().toString(), text, now))
            .whenComplete(
                (v, err) -> {
                  if (err != null) {
                    lost.warn("webhook " + event + " " + id + " not queued: " + err);
                  }
                });
      }
    }
  }
}
