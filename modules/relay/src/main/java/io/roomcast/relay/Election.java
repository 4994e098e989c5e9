package io.roomcast.relay;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.Lock;

/**
 * One active relay per cluster: the holder of a cluster-wide lock. Standbys try the lock without
 * waiting, every {@code pollMs}.
 *
 * <p>vertx-hazelcast 5.0.10 implements the lock as {@code IMap("__vertx.map.lock").tryLock(name)}
 * with no lease. Hazelcast releases map locks of a member that leaves the cluster ({@code
 * LockSupportServiceImpl.memberRemoved}), so a killed relay's lock frees as soon as the survivors
 * remove it (under a second for a killed process on a LAN, at most {@code
 * cluster.maxNoHeartbeatSeconds} for a hung one) and a standby takes over on its next try.
 */
final class Election {
  private final Vertx vertx;
  private final String lockName;
  private final long pollMs;
  private final Promise<Void> won = Promise.promise();
  private Lock lock;
  private long timer = -1;
  private boolean stopped;

  Election(Vertx vertx, String lockName, long pollMs) {
    this.vertx = vertx;
    this.lockName = lockName;
    this.pollMs = pollMs;
  }

  /** Completes when this node holds the lock; never fails. */
  Future<Void> win() {
    attempt();
    return won.future();
  }

  /** Stops trying, and hands the lock on if this node holds it. */
  void resign() {
    stopped = true;
    vertx.cancelTimer(timer);
    if (lock != null) {
      lock.release();
      lock = null;
    }
  }

  private void attempt() {
    vertx
        .sharedData()
        .getLockWithTimeout(lockName, 0)
        .onSuccess(this::held)
        .onFailure(taken -> retryLater());
  }

  private void held(Lock l) {
    if (stopped) {
      l.release();
      return;
    }
    lock = l;
    won.complete();
  }

  private void retryLater() {
    if (!stopped) {
      timer = vertx.setTimer(pollMs, id -> attempt());
    }
  }
}
