package io.roomcast.bench.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.List;

/**
 * Publishes at a steady rate over keep-alive HTTP, rooms in turn, each payload stamped with its
 * send time. A 1 ms tick sends whatever is due, so the rate holds even when a tick runs late. All
 * state lives on the publisher's own event loop.
 */
public final class Publisher implements Source {
  private static final int POOL = 32;

  private final Vertx vertx;
  private final Context context;
  private final HttpClientAgent http;
  private final PublishTarget target;
  private final List<String> rooms;
  private final double ratePerSecond;
  private final Payloads payloads;
  private final long[] accepted;
  private long sent;
  private long failed;
  private long inFlight;
  private String lastError;

  public Publisher(
      Vertx vertx,
      Context context,
      PublishTarget target,
      List<String> rooms,
      double ratePerSecond,
      int payloadBytes) {
    this.vertx = vertx;
    this.context = context;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(Clients.HOST)
                .setKeepAlive(true)
                .setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(POOL).setMaxWaitQueueSize(-1));
    this.target = target;
    this.rooms = List.copyOf(rooms);
    this.ratePerSecond = ratePerSecond;
    this.payloads = new Payloads(payloadBytes);
    this.accepted = new long[rooms.size()];
  }

  /**
   * Publishes for {@code millis} at the configured rate; completes once every response is in. Only
   * measured publishes count toward {@link #accepted}.
   */
  @Override
  public Future<Void> run(long millis, boolean measured) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> start(millis, measured, done));
    return done.future();
  }

  private void start(long millis, boolean measured, Promise<Void> done) {
    long start = System.nanoTime();
    long end = start + millis * 1_000_000L;
    long[] due = {0};
    vertx.setPeriodic(
        1,
        id -> {
          long now = System.nanoTime();
          long target = (long) ((Math.min(now, end) - start) * ratePerSecond / 1e9);
          while (due[0] < target) {
            publish(due[0]++, measured);
          }
          if (now >= end) {
            vertx.cancelTimer(id);
            awaitResponses(done);
          }
        });
  }

  private void awaitResponses(Promise<Void> done) {
    if (inFlight == 0) {
      done.tryComplete();
    } else {
      vertx.setTimer(5, id -> awaitResponses(done));
    }
  }

  private void publish(long n, boolean measured) {
    int room = (int) (sent % rooms.size());
    sent++;
    inFlight++;
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setPort(target.port())
            .setHost(Clients.HOST)
            .setURI(target.path(rooms.get(room)))
            .putHeader("Content-Type", "application/json");
    if (target.authorization() != null) {
      request.putHeader("Authorization", target.authorization());
    }
    Buffer body = Buffer.buffer(payloads.body(System.nanoTime(), measured, n));
    http.request(request)
        .compose(req -> req.send(body))
        .compose(
            resp ->
                resp.body().map(b -> resp.statusCode() == 202 ? null : resp.statusCode() + " " + b))
        .onComplete(
            (error, err) -> {
              inFlight--;
              if (err != null || error != null) {
                failed++;
                lastError = err != null ? err.getMessage() : error;
              } else if (measured) {
                accepted[room]++;
              }
            });
  }

  /** Measured publishes the server accepted (202) for room {@code index}. */
  @Override
  public long accepted(int index) {
    return accepted[index];
  }

  @Override
  public long acceptedTotal() {
    long sum = 0;
    for (long a : accepted) {
      sum += a;
    }
    return sum;
  }

  @Override
  public long failed() {
    return failed;
  }

  @Override
  public String lastError() {
    return lastError;
  }

  @Override
  public Future<Void> close() {
    return http.close();
  }
}
