package io.roomcast.edge.hub;

import io.roomcast.core.Addresses;
import io.roomcast.core.control.ControlCommand;
import io.roomcast.core.control.ServerControl;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * The node's answer to the backend's commands on {@code roomcast.control.<nodeId>}: one consumer
 * per node, which hands the command to each targeted connection on its own context and replies how
 * many it applied to.
 */
public final class NodeControl {
  private final EventBus bus;
  private final String nodeId;
  private final ConnectionRegistry connections;
  private Future<Void> serving;

  public NodeControl(EventBus bus, String nodeId, ConnectionRegistry connections) {
    this.bus = bus;
    this.nodeId = nodeId;
    this.connections = connections;
  }

  /** Registers the consumer on the caller's context, once per node. */
  public synchronized Future<Void> serve() {
    if (serving == null) {
      serving = bus.<JsonObject>consumer(Addresses.control(nodeId), this::onCommand).completion();
    }
    return serving;
  }

  private void onCommand(Message<JsonObject> msg) {
    ControlCommand command = ControlCommand.fromJson(msg.body());
    List<Future<Boolean>> applied = new ArrayList<>();
    for (LocalConnection c : targets(command)) {
      Promise<Boolean> done = Promise.promise();
      c.context().runOnContext(v -> c.control(command).onComplete(done));
      applied.add(done.future());
    }
    Future.join(applied)
        .onComplete(
            all -> {
              int n = 0;
              for (Future<Boolean> f : applied) {
                if (f.succeeded() && f.result()) {
                  n++;
                }
              }
              msg.reply(new JsonObject().put(ServerControl.COUNT, n));
            });
  }

  private List<LocalConnection> targets(ControlCommand command) {
    if (command.connection() != null) {
      LocalConnection c = connections.connection(command.connection());
      return c == null ? List.of() : List.of(c);
    }
    return command.user() == null ? List.of() : connections.ofUser(command.user());
  }
}
