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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes at a steady rate through roomcast's batch endpoint {@code POST /api/publish}: every
 * {@value #TICK_MILLIS} ms, the events due (rooms in turn, at most 1000) go out in one request,
 * each stamped with its send time. An event counts as accepted when its result carries an id.
 */
public final class BatchPublisher implements Source {
  static final long TICK_MILLIS = 10;
  static final int MAX_EVENTS = 1000;
  private static final int POOL = 8;

  private final Vertx vertx;
  private final Context context;
  private final HttpClientAgent http;
  private final int port;
  private final String authorization;
  private final List<String> rooms;
  private final double ratePerSecond;
  private final Payloads payloads;
  private final long[] accepted;
  private long sent;
  private long failed;
  private long inFlight;
  private String lastError;

  public BatchPublisher(
      Vertx vertx,
      Context context,
      int apiPort,
      String authorization,
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
    this.port = apiPort;
    this.authorization = authorization;
    this.rooms = List.copyOf(rooms);
    this.ratePerSecond = ratePerSecond;
    this.payloads = new Payloads(payloadBytes);
    this.accepted = new long[rooms.size()];
  }

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
        TICK_MILLIS,
        id -> {
          long now = System.nanoTime();
          long target = (long) ((Math.min(now, end) - start) * ratePerSecond / 1e9);
          while (due[0] < target) {
            int n = (int) Math.min(MAX_EVENTS, target - due[0]);
            publish(n, measured);
            due[0] += n;
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

  private void publish(int count, boolean measured) {
    List<Integer> roomOf = new ArrayList<>(count);
    StringBuilder body = new StringBuilder(count * 200).append("{\"events\":[");
    long now = System.nanoTime();
    for (int i = 0; i < count; i++) {
      int room = (int) (sent % rooms.size());
      roomOf.add(room);
      if (i > 0) {
        body.append(',');
      }
      body.append("{\"room\":\"")
          .append(rooms.get(room))
          .append("\",\"type\":\"message\",\"data\":")
          .append(payloads.data(now, measured, sent))
          .append('}');
      sent++;
    }
    body.append("]}");
    inFlight++;
    RequestOptions request =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setPort(port)
            .setHost(Clients.HOST)
            .setURI("/api/publish")
            .putHeader("Content-Type", "application/json")
            .putHeader("Authorization", authorization);
    http.request(request)
        .compose(req -> req.send(Buffer.buffer(body.toString())))
        .compose(resp -> resp.body().map(b -> answer(resp.statusCode(), b, roomOf, measured)))
        .onComplete(
            (v, err) -> {
              inFlight--;
              if (err != null) {
                failed += count;
                lastError = err.getMessage();
              }
            });
  }

  private Void answer(int status, Buffer body, List<Integer> roomOf, boolean measured) {
    if (status != 200) {
      failed += roomOf.size();
      lastError = status + " " + body;
      return null;
    }
    JsonArray results = new JsonObject(body).getJsonArray("results");
    for (int i = 0; i < roomOf.size(); i++) {
      JsonObject r = results.getJsonObject(i);
      if (r.containsKey("error")) {
        failed++;
        lastError = r.encode();
      } else if (measured) {
        accepted[roomOf.get(i)]++;
      }
    }
    return null;
  }

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
