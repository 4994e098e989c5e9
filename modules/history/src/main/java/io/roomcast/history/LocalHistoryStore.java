package io.roomcast.history;

import io.roomcast.core.config.HistoryConfig;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.history.Epochs;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.history.HistoryStore;
import io.vertx.core.Future;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** History kept in this JVM only: for a Vert.x instance that is not clustered. */
public final class LocalHistoryStore implements HistoryStore {
  private final Map<String, RoomLog> rooms = new ConcurrentHashMap<>();
  private final int maxEvents;
  private final long maxAgeMs;

  public LocalHistoryStore(HistoryConfig config) {
    this.maxEvents = config.maxEvents();
    this.maxAgeMs = config.maxAgeSeconds() * 1000L;
  }

  @Override
  public Future<Envelope> append(Envelope event) {
    return append(event, RoomLog.json(event));
  }

  @Override
  public Future<Envelope> append(Envelope event, String unplacedJson) {
    RoomLog log = rooms.computeIfAbsent(event.room(), r -> new RoomLog(Epochs.next()));
    RoomLog.Stamp stamp;
    synchronized (log) {
      stamp = log.append(event.id(), unplacedJson, System.currentTimeMillis(), maxEvents, maxAgeMs);
    }
    return Future.succeededFuture(event.withPosition(stamp.epoch(), stamp.seq()));
  }

  @Override
  public Future<Void> delete(String room) {
    rooms.remove(room);
    return Future.succeededFuture();
  }

  @Override
  public Future<HistoryPage> read(String room, long since, int limit) {
    RoomLog log = rooms.get(room);
    if (log == null) {
      return Future.succeededFuture(RoomLog.page(room, RoomLog.empty()));
    }
    RoomLog.Slice slice;
    synchronized (log) {
      slice = log.read(since, limit, System.currentTimeMillis(), maxAgeMs);
    }
    return Future.succeededFuture(RoomLog.page(room, slice));
  }
}
