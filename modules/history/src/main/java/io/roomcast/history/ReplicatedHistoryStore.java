package io.roomcast.history;

import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.config.HistoryConfig;
import io.roomcast.core.event.Envelope;
import io.roomcast.core.history.HistoryPage;
import io.roomcast.core.history.HistoryStore;
import io.roomcast.history.RoomLog.Item;
import io.roomcast.history.RoomLog.Stamps;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded history: each room's log lives in the memory of the member that owns it ({@link
 * Members}), which places its events (seq and storage in one step under the log's lock, on the
 * caller's thread) and copies them to one backup member before answering; an append through another
 * member is routed to the owner. Copies to a backup and appends routed to an owner are committed in
 * groups, one message per member per event-loop turn ({@link PeerLink}). When ownership moves (a
 * member joins, leaves or dies), the new owner takes the log over from whoever holds a copy ({@link
 * HeldLog}). A node alone places and reads in memory, with no hop at all.
 */
public final class ReplicatedHistoryStore implements HistoryStore {
  private final PeerLink link;
  private final Placement placement;
  private final Routes routes;
  private final PeerService service;

  /** The store of a clustered node; {@link #start} makes it answer the other members. */
  public ReplicatedHistoryStore(Vertx vertx, HistoryConfig config) {
    this(vertx, new Members(Clusters.manager(vertx).getHazelcastInstance()), config);
  }

  private ReplicatedHistoryStore(Vertx vertx, Members members, HistoryConfig config) {
    this.link = new PeerLink(vertx);
    this.placement = new Placement(vertx, members, link, config);
    this.routes = new Routes(vertx, members);
    this.service = new PeerService(vertx, members, placement);
  }

  @Override
  public Future<Void> start() {
    return service.start();
  }

  @Override
  public Future<Envelope> append(Envelope event) {
    return append(event, RoomLog.json(event));
  }

  @Override
  public Future<Envelope> append(Envelope event, String unplacedJson) {
    return placed(event.room(), List.of(new Item(event.id(), unplacedJson)))
        .map(stamps -> event.withPosition(stamps.epoch(), stamps.seqs()[0]));
  }

  /** One placement per room for all of the room's events, in the order given. */
  @Override
  public List<Future<Envelope>> appendAll(List<Envelope> events, List<String> unplacedJson) {
    Map<String, List<Integer>> byRoom = new LinkedHashMap<>();
    for (int i = 0; i < events.size(); i++) {
      byRoom.computeIfAbsent(events.get(i).room(), r -> new ArrayList<>()).add(i);
    }
    List<Future<Envelope>> out = new ArrayList<>(events.size());
    for (int i = 0; i < events.size(); i++) {
      out.add(null);
    }
    byRoom.forEach(
        (room, indexes) -> {
          List<Item> items = new ArrayList<>(indexes.size());
          for (int i : indexes) {
            items.add(new Item(events.get(i).id(), unplacedJson.get(i)));
          }
          Future<Stamps> stamps = placed(room, items);
          for (int k = 0; k < indexes.size(); k++) {
            int i = indexes.get(k);
            int at = k;
            out.set(i, stamps.map(s -> events.get(i).withPosition(s.epoch(), s.seqs()[at])));
          }
        });
    return out;
  }

  private Future<Stamps> placed(String room, List<Item> items) {
    return routes.toOwner(
        room,
        () -> placement.here(room, items),
        owner ->
            link.part(owner, PeerService.APPEND, LogWire.appendPart(room, items))
                .map(Routes.answer(LogWire::stamps)));
  }

  @Override
  public Future<HistoryPage> read(String room, long since, int limit) {
    return routes
        .toOwner(
            room,
            () -> placement.read(room, since, limit),
            owner ->
                link.ask(owner, PeerService.read(room, since, limit))
                    .map(Routes.answer(LogWire::slice)))
        .map(slice -> RoomLog.page(room, slice));
  }

  @Override
  public Future<Void> delete(String room) {
    return routes.toOwner(
        room,
        () -> placement.delete(room),
        owner ->
            link.ask(owner, PeerService.delete(room)).map(Routes.answer(answer -> (Void) null)));
  }
}
