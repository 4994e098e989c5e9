package io.roomcast.core.control;

import io.roomcast.core.Addresses;
import io.roomcast.core.ConnectionIds;
import io.roomcast.core.cluster.Clusters;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.List;

/**
 * The backend's control of live connections, wherever in the cluster they are. A command for a user
 * asks every node (one request per node, answered by its edge) and sums how many connections it
 * applied to; a command for one connection goes to the node its id names. A node that does not
 * answer (no edge, gone) counts nothing.
 */
public final class ServerControl {
  private static final DeliveryOptions TIMEOUT = new DeliveryOptions().setSendTimeout(5000);

  /** The answer field of every node: how many of its connections the command applied to. */
  public static final String COUNT = "count";

  private final Vertx vertx;

  public ServerControl(Vertx vertx) {
    this.vertx = vertx;
  }

  /** How many connections the command closed, joined or made leave. */
  public Future<Integer> apply(ControlCommand command) {
    if (command.connection() != null) {
      String node = ConnectionIds.nodeOf(command.connection());
      return node == null ? Future.succeededFuture(0) : ask(node, command);
    }
    List<Future<Integer>> answers =
        Clusters.manager(vertx).getNodes().stream().map(node -> ask(node, command)).toList();
    return Future.join(answers)
        .map(
            all -> {
              int n = 0;
              for (Future<Integer> f : answers) {
                n += f.result();
              }
              return n;
            });
  }

  private Future<Integer> ask(String node, ControlCommand command) {
    return vertx
        .eventBus()
        .<JsonObject>request(Addresses.control(node), command.toJson(), TIMEOUT)
        .map(Message::body)
        .map(body -> body.getInteger(COUNT, 0))
        .otherwise(0);
  }
}
