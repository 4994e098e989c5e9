package io.roomcast.edge.hub;

import io.roomcast.core.event.PushResult;
import io.roomcast.edge.wire.EncodedEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A broadcast on one node: the event goes to every local connection through its inbox (as a push to
 * it, so its type filter applies), each on its own context; the counts say what happened.
 */
final class NodeBroadcast {
  record Counts(int delivered, int filtered) {}

  private NodeBroadcast() {}

  static Future<Counts> toEveryone(Collection<LocalConnection> connections, EncodedEvent event) {
    List<Future<PushResult>> results = new ArrayList<>();
    for (LocalConnection c : connections) {
      Promise<PushResult> result = Promise.promise();
      c.context().runOnContext(v -> result.complete(c.push(event)));
      results.add(result.future());
    }
    return Future.join(results)
        .transform(
            done -> {
              int delivered = 0;
              int filtered = 0;
              for (Future<PushResult> r : results) {
                if (r.succeeded() && r.result() == PushResult.DELIVERED) {
                  delivered++;
                } else if (r.succeeded() && r.result() == PushResult.FILTERED) {
                  filtered++;
                }
              }
              return Future.succeededFuture(new Counts(delivered, filtered));
            });
  }
}
