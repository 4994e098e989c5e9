package io.roomcast.history;

import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.config.HistoryConfig;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.history.Epochs;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.history.HistoryStore;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded history: one entry per room in the Hazelcast map {@value #MAP}, with one synchronous
 * backup on another member (so one member's death loses nothing that was acknowledged). Appends and
 * reads are entry processors run on the partition that owns the room: seq allocation and storage
 * are one step, and only the asked slice crosses the network.
 */
public final class HazelcastHistoryStore implements HistoryStore {
  public static final String MAP = "roomcast.history";

  private final Vertx vertx;
  private final int maxEvents;
  private final long maxAgeMs;
  private volatile IMap<String, RoomLog> map;

  public HazelcastHistoryStore(Vertx vertx, HistoryConfig config) {
    this.vertx = vertx;
    this.maxEvents = config.maxEvents();
    this.maxAgeMs = config.maxAgeSeconds() * 1000L;
  }

  /**
   * The map's configuration, added to every member's Hazelcast config: values kept as objects so an
   * append changes one room's log in place instead of re-serializing it; one synchronous backup; no
   * map statistics (nothing reads them, and every append paid for their upkeep).
   */
  public static MapConfig mapConfig() {
    return new MapConfig(MAP)
        .setInMemoryFormat(InMemoryFormat.OBJECT)
        .setStatisticsEnabled(false)
        .setBackupCount(1)
        .setAsyncBackupCount(0)
        .setReadBackupData(false);
  }

  @Override
  public Future<Envelope> append(Envelope event) {
    return append(event, RoomLog.json(event));
  }

  @Override
  public Future<Envelope> append(Envelope event, String unplacedJson) {
    Append op =
        new Append(
            Epochs.next(),
            event.id(),
            unplacedJson,
            System.currentTimeMillis(),
            maxEvents,
            maxAgeMs);
    return submit(event.room(), op).map(stamp -> event.withPosition(stamp.epoch(), stamp.seq()));
  }

  /**
   * One entry-processor operation per room for all of the room's events in the batch (with its one
   * synchronous backup), instead of one per event: each room's events get contiguous seqs in the
   * order given. Single-key operations, because a multi-key {@code submitToKeys} measured several
   * times the CPU per event of single-key appends on one node.
   */
  @Override
  public List<Future<Envelope>> appendAll(List<Envelope> events) {
    IMap<String, RoomLog> m = map;
    if (m == null || events.size() == 1) {
      return HistoryStore.super.appendAll(events);
    }
    long now = System.currentTimeMillis();
    Map<String, List<Integer>> byRoom = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      byRoom.computeIfAbsent(events.get(i).room(), r -> new ArrayList<>()).add(i);
    }
    List<Promise<Envelope>> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      out.add(Promise.promise());
    }
    Context context = vertx.getOrCreateContext();
    byRoom.forEach(
        (room, indexes) -> {
          List<RoomLog.Item> items = new ArrayList<>(indexes.size());
          for (int i : indexes) {
            Envelope e = events.get(i);
            items.add(new RoomLog.Item(e.id(), RoomLog.json(e)));
          }
          AppendAll op = new AppendAll(Epochs.next(), items, now, maxEvents, maxAgeMs);
          Clusters.onContext(m.submitToKey(room, op), context)
              .onComplete(
                  ar -> {
                    for (int k = 0; k < indexes.size(); k++) {
                      int i = indexes.get(k);
                      if (ar.failed()) {
                        out.get(i).fail(ar.cause());
                      } else {
                        RoomLog.Stamps stamps = ar.result();
                        out.get(i)
                            .complete(events.get(i).withPosition(stamps.epoch(), stamps.seqs()[k]));
                      }
                    }
                  });
        });
    List<Future<Envelope>> futures = new ArrayList<>(out.size());
    for (Promise<Envelope> p : out) {
      futures.add(p.future());
    }
    return futures;
  }

  @Override
  public Future<HistoryPage> read(String room, long since, int limit) {
    Read op = new Read(since, limit, System.currentTimeMillis(), maxAgeMs);
    return submit(room, op).map(slice -> RoomLog.page(room, slice));
  }

  @Override
  public Future<Void> delete(String room) {
    Context context = vertx.getOrCreateContext();
    IMap<String, RoomLog> m = map;
    Future<IMap<String, RoomLog>> opened =
        m != null ? Future.succeededFuture(m) : vertx.executeBlocking(this::openMap, false);
    return opened.compose(o -> Clusters.onContext(o.removeAsync(room), context).<Void>mapEmpty());
  }

  /**
   * Runs on the partition owner; the answer comes back on the caller's context, with no stop on
   * another event loop on the way (each hop between threads is a wake-up system call).
   */
  private <R> Future<R> submit(String room, EntryProcessor<String, RoomLog, R> op) {
    Context context = vertx.getOrCreateContext();
    IMap<String, RoomLog> m = map;
    if (m != null) {
      return Clusters.onContext(m.submitToKey(room, op), context);
    }
    // first use: the proxy is created off the event loop (creating it may talk to the cluster)
    return vertx
        .executeBlocking(this::openMap, false)
        .compose(opened -> Clusters.onContext(opened.submitToKey(room, op), context));
  }

  private IMap<String, RoomLog> openMap() {
    IMap<String, RoomLog> m =
        Clusters.manager(vertx).getHazelcastInstance().<String, RoomLog>getMap(MAP);
    map = m;
    return m;
  }

  /** Stamps and stores one event; the backup replays the same step (it is deterministic). */
  record Append(String newEpoch, String id, String json, long nowMs, int maxEvents, long maxAgeMs)
      implements EntryProcessor<String, RoomLog, RoomLog.Stamp> {
    @Override
    public RoomLog.Stamp process(Map.Entry<String, RoomLog> entry) {
      RoomLog log = entry.getValue();
      if (log == null) {
        log = new RoomLog(newEpoch);
      }
      RoomLog.Stamp stamp = log.append(id, json, nowMs, maxEvents, maxAgeMs);
      entry.setValue(log);
      return stamp;
    }
  }

  /** Stamps and stores a batch of one room's events in order; the backup replays the same step. */
  record AppendAll(
      String newEpoch, List<RoomLog.Item> items, long nowMs, int maxEvents, long maxAgeMs)
      implements EntryProcessor<String, RoomLog, RoomLog.Stamps> {
    @Override
    public RoomLog.Stamps process(Map.Entry<String, RoomLog> entry) {
      RoomLog log = entry.getValue();
      if (log == null) {
        log = new RoomLog(newEpoch);
      }
      long[] seqs = log.appendAll(items, nowMs, maxEvents, maxAgeMs);
      entry.setValue(log);
      return new RoomLog.Stamps(log.epoch(), seqs);
    }
  }

  record Read(long since, int limit, long nowMs, long maxAgeMs)
      implements EntryProcessor<String, RoomLog, RoomLog.Slice>, ReadOnly {
    @Override
    public RoomLog.Slice process(Map.Entry<String, RoomLog> entry) {
      RoomLog log = entry.getValue();
      return log == null ? RoomLog.empty() : log.read(since, limit, nowMs, maxAgeMs);
    }

    @Override
    public EntryProcessor<String, RoomLog, RoomLog.Slice> getBackupProcessor() {
      return null;
    }
  }
}
