package io.roomcast.hooks;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.partition.Partition;
import io.roomcast.core.cluster.Clusters;
import io.roomcast.core.config.HooksConfig;
import io.roomcast.core.config.HooksConfig.Webhook;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * Sends the pending webhooks this node owns: the entries of the queue's partitions it owns, learnt
 * from a local entry listener as they are queued and from a periodic scan of its own keys (entries
 * it took over from a departed member, or that a migration moved to it). Each entry is POSTed until
 * a receiver answers 2xx (then deleted) or {@code hooks.retrySeconds} have passed since it was
 * queued (then given up). Everything here runs on the hooks verticle's context; scans run on a
 * worker. Requests to one receiver are limited per node, so a slow receiver holds a few connections
 * and its own backlog, nothing else.
 */
final class HookDelivery {
  private static final Logger LOG = Logger.getLogger(HookDelivery.class.getName());
  private static final int FINISHED_REMEMBERED = 10_000;

  private final Vertx vertx;
  private final Context context;
  private final HazelcastInstance hz;
  private final IMap<String, Pending> queue;
  private final HooksConfig config;
  private final DeliveryTiming timing;
  private final HookMetrics metrics;
  private final Clock clock;
  private final HookRequests requests;
  private final RateLimitedLog failures = new RateLimitedLog(LOG, 10_000);
  private final RateLimitedLog drops = new RateLimitedLog(LOG, 10_000);
  private final Map<String, Job> active = new HashMap<>();
  private final Map<String, Lane> lanes = new HashMap<>();
  private boolean scanning;
  private final FinishedKeys finished = new FinishedKeys(FINISHED_REMEMBERED);
  private final OwnedEntries owned;
  private boolean stopped;

  /** One entry this node is sending: its body, and how many attempts failed so far. */
  private static final class Job {
    final Pending pending;
    int failures;

    Job(Pending pending) {
      this.pending = pending;
    }
  }

  /** One receiver's requests from this node: how many are open, and the entries waiting. */
  private static final class Lane {
    int inFlight;
    final Deque<String> waiting = new ArrayDeque<>();
  }

  HookDelivery(
      Vertx vertx,
      Context context,
      HazelcastInstance hz,
      IMap<String, Pending> queue,
      HooksConfig config,
      DeliveryTiming timing,
      HookMetrics metrics,
      Clock clock,
      HookRequests requests) {
    this.vertx = vertx;
    this.context = context;
    this.hz = hz;
    this.queue = queue;
    this.config = config;
    this.timing = timing;
    this.metrics = metrics;
    this.clock = clock;
    this.requests = requests;
    this.owned = new OwnedEntries(queue, config.maxPending());
  }

  /** An entry this node owns was queued (from any thread). */
  void queued(String key, Pending pending) {
    context.runOnContext(v -> offer(key, pending));
  }

  void stop() {
    stopped = true;
  }

  /** Entries held by this node right now (sending or waiting to retry). */
  int active() {
    return active.size();
  }

  private void offer(String key, Pending pending) {
    if (stopped || active.containsKey(key) || finished.contains(key)) {
      return;
    }
    active.put(key, new Job(pending));
    enqueue(key, pending.url());
  }

  private void enqueue(String key, String url) {
    Lane lane = lanes.computeIfAbsent(url, u -> new Lane());
    lane.waiting.add(key);
    pump(lane);
  }

  private void pump(Lane lane) {
    while (!stopped && lane.inFlight < timing.maxInFlight() && !lane.waiting.isEmpty()) {
      String key = lane.waiting.poll();
      Job job = active.get(key);
      if (job == null) {
        continue; // dropped while it waited
      }
      lane.inFlight++;
      attempt(key, job)
          .onComplete(
              ar -> {
                lane.inFlight--;
                pump(lane);
              });
    }
  }

  private Future<Void> attempt(String key, Job job) {
    Webhook receiver = receiver(key, job.pending.url());
    if (receiver == null) {
      failures.warn("pending webhook for " + job.pending.url() + " has no receiver here: dropped");
      return forget(key, job);
    }
    return requests
        .post(receiver, PendingQueue.eventId(key), job.pending.body())
        .transform(
            ar -> {
              if (ar.succeeded()) {
                metrics.sent.increment();
                return forget(key, job);
              }
              return failed(key, job, ar.cause());
            });
  }

  private Future<Void> failed(String key, Job job, Throwable cause) {
    job.failures++;
    long age = clock.millis() - job.pending.created();
    if (age >= config.retrySeconds() * 1000L) {
      metrics.failed.increment();
      failures.warn(
          "webhook "
              + PendingQueue.eventId(key)
              + " to "
              + job.pending.url()
              + " given up after "
              + job.failures
              + " attempts over "
              + config.retrySeconds()
              + " s: "
              + cause.getMessage());
      return forget(key, job);
    }
    metrics.retried.increment();
    long delay = 1 + ThreadLocalRandom.current().nextLong(timing.bound(job.failures));
    vertx.setTimer(delay, t -> retry(key, job));
    return Future.succeededFuture();
  }

  /**
   * Before a retry: the entry must still be this node's (a new member may own its partition now)
   * and still pending (another sender may have delivered it, or the bound dropped it).
   */
  private void retry(String key, Job job) {
    if (stopped || active.get(key) != job || !running()) {
      return;
    }
    if (!ownedHere(key)) {
      active.remove(key);
      return;
    }
    Clusters.onContext(queue.getAsync(key), context)
        .onComplete(
            ar -> {
              if (active.get(key) != job) {
                return;
              }
              if (ar.succeeded() && ar.result() == null) {
                active.remove(key);
              } else {
                enqueue(key, job.pending.url());
              }
            });
  }

  private Future<Void> forget(String key, Job job) {
    active.remove(key, job);
    finished.add(key);
    return Clusters.onContext(queue.removeAsync(key), context)
        .<Void>mapEmpty()
        .recover(
            err -> {
              failures.warn("delivered webhook " + key + " not removed from the queue: " + err);
              return Future.succeededFuture();
            });
  }

  private Webhook receiver(String key, String url) {
    List<Webhook> all = config.webhooks();
    int hash = key.lastIndexOf('#');
    try {
      int index = Integer.parseInt(key.substring(hash + 1));
      if (index < all.size() && all.get(index).url().toString().equals(url)) {
        return all.get(index);
      }
    } catch (NumberFormatException e) {
      // look it up by url below
    }
    for (Webhook w : all) {
      if (w.url().toString().equals(url)) {
        return w;
      }
    }
    return null;
  }

  /** False once this member's Hazelcast is gone (it crashed or is shutting down): nothing to do. */
  private boolean running() {
    return hz.getLifecycleService().isRunning();
  }

  private boolean ownedHere(String key) {
    Partition partition = hz.getPartitionService().getPartition(key);
    Member owner = partition.getOwner();
    return owner == null || owner.localMember();
  }

  /**
   * Picks up owned entries this node does not know, and drops the oldest of its share when the
   * cluster's queue holds more than {@code hooks.maxPending}.
   */
  Future<Void> scan() {
    if (stopped || scanning || !running()) {
      return Future.succeededFuture();
    }
    scanning = true;
    Set<String> known = new HashSet<>(active.keySet());
    return vertx
        .executeBlocking(() -> owned.scan(known), false)
        .onSuccess(this::applied)
        .onFailure(err -> LOG.warning("webhook queue scan failed: " + err))
        .<Void>mapEmpty()
        .eventually(
            () -> {
              scanning = false;
              return Future.succeededFuture();
            });
  }

  private void applied(OwnedEntries.Scan scan) {
    if (!scan.dropped().isEmpty()) {
      for (String key : scan.dropped()) {
        active.remove(key);
        finished.add(key);
      }
      metrics.dropped.increment(scan.dropped().size());
      drops.warn(
          "webhook queue over hooks.maxPending ("
              + config.maxPending()
              + "): dropped the "
              + scan.dropped().size()
              + " oldest pending webhooks of this node's share");
    }
    scan.unknown().forEach(this::offer);
  }
}
