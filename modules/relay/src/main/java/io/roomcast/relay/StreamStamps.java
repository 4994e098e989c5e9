package io.roomcast.relay;

import io.roomcast.core.event.Envelope;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;

/**
 * What each stream entry became, remembered cluster-wide from before it is stamped until it is
 * acknowledged, so a relay that takes over repeats what a dead one did instead of stamping the
 * entry a second time. One value per entry id in the Hazelcast map {@value #MAP}: one backup on
 * another member (cluster.xml's {@code roomcast.*} map config), expiring after a day.
 */
final class StreamStamps {
  static final String MAP = "roomcast.relay.streamStamps";

  private static final long TTL_MS = 24 * 3600 * 1000L;

  /** One entry's record; {@code envelope} and {@code origin} are null for {@link State#DONE}. */
  record Stamp(State state, Envelope envelope, String origin) {
    enum State {
      /** Id and ts are fixed; the history append may or may not have happened. */
      PENDING,
      /** Stamped (and in history): this exact envelope is what the entry publishes, every time. */
      STAMPED,
      /** Published, or refused: only the ack is missing. */
      DONE
    }

    static final Stamp DONE = new Stamp(State.DONE, null, null);

    static Stamp pending(Envelope unstamped, String origin) {
      return new Stamp(State.PENDING, unstamped, origin);
    }

    Stamp stamped(Envelope stamped) {
      return new Stamp(State.STAMPED, stamped, origin);
    }

    String encode() {
      JsonObject json = new JsonObject().put("state", state.name());
      if (envelope != null) {
        json.put("envelope", envelope.toJson()).put("origin", origin);
      }
      return json.encode();
    }

    static Stamp decode(String value) {
      JsonObject json = new JsonObject(value);
      JsonObject envelope = json.getJsonObject("envelope");
      return new Stamp(
          State.valueOf(json.getString("state")),
          envelope == null ? null : Envelope.fromJson(envelope),
          json.getString("origin"));
    }
  }

  private final AsyncMap<String, String> map;
  private final List<Future<Void>> writes = new ArrayList<>();

  private StreamStamps(AsyncMap<String, String> map) {
    this.map = map;
  }

  static Future<StreamStamps> open(Vertx vertx) {
    return vertx.sharedData().<String, String>getClusterWideMap(MAP).map(StreamStamps::new);
  }

  /** The entry's record, or null. */
  Future<Stamp> get(String entryId) {
    return map.get(entryId).map(v -> v == null ? null : Stamp.decode(v));
  }

  /** Records {@code stamp} unless the entry has a record; the answer is that record, or null. */
  Future<Stamp> putIfAbsent(String entryId, Stamp stamp) {
    return map.putIfAbsent(entryId, stamp.encode(), TTL_MS)
        .map(v -> v == null ? null : Stamp.decode(v));
  }

  Future<Void> put(String entryId, Stamp stamp) {
    return map.put(entryId, stamp.encode(), TTL_MS);
  }

  /** Records that the entry is done, without waiting: see {@link #written}. */
  void done(String entryId) {
    writes.add(put(entryId, Stamp.DONE));
  }

  /** Completes once every {@link #done} record is written. */
  Future<Void> written() {
    return Future.all(writes).mapEmpty();
  }

  /** The entry was acknowledged: it will not be read again. */
  void remove(String entryId) {
    map.remove(entryId);
  }
}
