package io.roomcast.edge.connection;

import io.roomcast.core.client.CidIndex;
import io.roomcast.edge.hub.NodePushes;
import io.vertx.core.Future;

/**
 * A connection's hold on the id its client chose, in the cluster's cid index: claiming it closes
 * the connection that held it before, wherever that one is; the entry is removed on release, once
 * the claim completed.
 */
final class CidClaim {
  private final CidIndex cids;
  private final NodePushes pushes;
  private String cid;
  private Future<Void> claimed;

  CidClaim(CidIndex cids, NodePushes pushes) {
    this.cids = cids;
    this.pushes = pushes;
  }

  String cid() {
    return cid;
  }

  Future<Void> claim(String user, String cid, String connection) {
    this.cid = cid;
    claimed =
        cids.claim(user, cid, connection)
            .compose(
                previous ->
                    previous == null || previous.equals(connection)
                        ? Future.succeededFuture()
                        : pushes.replace(previous));
    return claimed;
  }

  void release(String user, String connection) {
    if (claimed != null) {
      String held = cid;
      claimed.onComplete(ar -> cids.release(user, held, connection));
    }
  }
}
