package io.roomcast.bench.client;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.List;

/**
 * A source that publishes over keep-alive HTTP at a steady rate, rooms in turn, each payload
 * stamped with its send time. All state lives on the source's own event loop; a run completes once
 * every response is in, and only measured publishes count toward {@link #accepted}.
 */
abstract class HttpSource implements Source {
  protected final Vertx vertx;
  protected final HttpClientAgent http;
  protected final List<String> rooms;
  protected final Payloads payloads;
  protected final long[] accepted;
  protected long sent;
  protected long failed;
  protected long inFlight;
  protected String lastError;
  private final Context context;
  private final double ratePerSecond;
  private final long tickMillis;
  private final int maxPerRequest;

  HttpSource(
      Vertx vertx,
      Context context,
      List<String> rooms,
      double ratePerSecond,
      int payloadBytes,
      int pool,
      long tickMillis,
      int maxPerRequest) {
    this.vertx = vertx;
    this.context = context;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setDefaultHost(Clients.HOST)
                .setKeepAlive(true)
                .setTcpNoDelay(true),
            new PoolOptions().setHttp1MaxSize(pool).setMaxWaitQueueSize(-1));
    this.rooms = List.copyOf(rooms);
    this.ratePerSecond = ratePerSecond;
    this.payloads = new Payloads(payloadBytes);
    this.accepted = new long[rooms.size()];
    this.tickMillis = tickMillis;
    this.maxPerRequest = maxPerRequest;
  }

  /** Sends the {@code count} publishes numbered from {@code first} in one request. */
  protected abstract void publish(long first, int count, boolean measured);

  @Override
  public final Future<Void> run(long millis, boolean measured) {
    Promise<Void> done = Promise.promise();
    context.runOnContext(
        v ->
            Pacer.run(
                vertx,
                tickMillis,
                millis,
                ratePerSecond,
                maxPerRequest,
                (first, count) -> publish(first, count, measured),
                () -> awaitResponses(done)));
    return done.future();
  }

  private void awaitResponses(Promise<Void> done) {
    if (inFlight == 0) {
      done.tryComplete();
    } else {
      vertx.setTimer(5, id -> awaitResponses(done));
    }
  }

  /** Measured publishes the server accepted for room {@code index}. */
  @Override
  public final long accepted(int index) {
    return accepted[index];
  }

  @Override
  public final long acceptedTotal() {
    long sum = 0;
    for (long a : accepted) {
      sum += a;
    }
    return sum;
  }

  @Override
  public final long failed() {
    return failed;
  }

  @Override
  public final String lastError() {
    return lastError;
  }

  @Override
  public final Future<Void> close() {
    return http.close();
  }
}
