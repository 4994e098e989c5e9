package io.roomcast.core.rooms;

import io.roomcast.core.Addresses;
import io.roomcast.core.cluster.Clusters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Cluster-wide subscriber counts, asked on demand: one request to every node's edge ({@link
 * Addresses#nodeRooms}), answers merged in room-id order. Nothing is kept between requests, so
 * subscribing costs no cluster write; a list costs one request per node. A node that does not
 * answer within {@value #TIMEOUT_MS} ms is left out and the result says {@code partial}; a node
 * without an edge (no handler) has no subscribers and is not a gap.
 */
public final class RoomCensus {
  public static final long TIMEOUT_MS = 2000;
  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(TIMEOUT_MS);

  private final Vertx vertx;

  public RoomCensus(Vertx vertx) {
    this.vertx = vertx;
  }

  /**
   * One page: rooms in id order; {@code next} is the last room of the page when more follow, else
   * null.
   */
  public record Page(List<RoomCount> rooms, String next, boolean partial) {}

  /**
   * The first {@code query.limit()} rooms of the cluster that match. Each node is asked for one
   * more than that: a room in the page is among the first {@code limit} of every node that has it,
   * so its counts are complete, and a longer merge means another page follows.
   */
  public Future<Page> page(RoomsQuery query) {
    RoomsQuery asked = new RoomsQuery(query.prefix(), query.after(), query.limit() + 1);
    List<Future<List<RoomCount>>> answers = new ArrayList<>();
    boolean[] partial = {false};
    for (String node : Clusters.manager(vertx).getNodes()) {
      answers.add(
          vertx
              .eventBus()
              .<JsonObject>request(Addresses.nodeRooms(node), asked.toJson(), TIMEOUT)
              .map(Message::body)
              .map(RoomsQuery::rooms)
              .otherwise(
                  err -> {
                    if (!(err instanceof ReplyException re)
                        || re.failureType() != ReplyFailure.NO_HANDLERS) {
                      partial[0] = true;
                    }
                    return List.of();
                  }));
    }
    return Future.join(answers).map(v -> merged(answers, query.limit(), partial[0]));
  }

  /** One room's cluster-wide counts (zero when nobody follows it). */
  public Future<Counted> room(String room) {
    return page(RoomsQuery.one(room))
        .map(
            p -> {
              for (RoomCount r : p.rooms()) {
                if (r.room().equals(room)) {
                  return new Counted(r, p.partial());
                }
              }
              return new Counted(new RoomCount(room, 0, Set.of()), p.partial());
            });
  }

  /** A room's counts and whether some node did not answer. */
  public record Counted(RoomCount count, boolean partial) {}

  private static Page merged(List<Future<List<RoomCount>>> answers, int limit, boolean partial) {
    Map<String, RoomCount> all = new TreeMap<>();
    for (Future<List<RoomCount>> answer : answers) {
      for (RoomCount r : answer.result()) {
        all.merge(r.room(), r, RoomCensus::sum);
      }
    }
    List<RoomCount> page = new ArrayList<>(Math.min(limit, all.size()));
    for (RoomCount r : all.values()) {
      if (page.size() == limit) {
        break;
      }
      page.add(r);
    }
    String next = all.size() > limit ? page.get(page.size() - 1).room() : null;
    return new Page(page, next, partial);
  }

  private static RoomCount sum(RoomCount a, RoomCount b) {
    Set<String> users = new LinkedHashSet<>(a.users());
    users.addAll(b.users());
    return new RoomCount(a.room(), a.subscribers() + b.subscribers(), users);
  }
}
