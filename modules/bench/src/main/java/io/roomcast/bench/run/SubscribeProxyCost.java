package io.roomcast.bench.run;

import io.roomcast.bench.client.Jwt;
import io.roomcast.bench.servers.Launch;
import io.roomcast.bench.servers.RoomcastTarget;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/**
 * The cost per subscription with the subscribe proxy: one roomcast node (the fat jar) and a local
 * backend that allows everything at once; one WebSocket subscribes to a room and unsubscribes,
 * {@code n} times in a row, and the time from {@code subscribe} to its {@code ack} is measured with
 * the proxy off, on without caching ({@code hooks.cacheSeconds} 0: one backend call per subscribe)
 * and on with caching (one call in all).
 *
 * <pre>
 * mvn -B -q -DskipTests package
 * java -cp modules/bench/target/roomcast-bench.jar io.roomcast.bench.run.SubscribeProxyCost [n]
 * </pre>
 */
public final class SubscribeProxyCost {
  private static final String SECRET = "bench-only-hooks-secret-0123456789";

  private SubscribeProxyCost() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    Path root = Path.of("").toAbsolutePath();
    Launch launch =
        new Launch(
            root,
            root.resolve("modules/bench/target/roomcast-bench.jar"),
            root.resolve("modules/server/target/roomcast.jar"),
            root.resolve("modules/bench/target/bench-results/logs-subscribe-proxy"),
            Launch.DEFAULT_JVM_OPTIONS,
            "auto");
    Vertx vertx = Vertx.vertx();
    AtomicInteger calls = new AtomicInteger();
    HttpServer backend =
        vertx
            .createHttpServer()
            .requestHandler(
                req ->
                    req.body()
                        .onSuccess(
                            b -> {
                              calls.incrementAndGet();
                              req.response()
                                  .putHeader("Content-Type", "application/json")
                                  .end("{\"result\":\"allow\"}");
                            }))
            .listen(0, "127.0.0.1")
            .await();
    String url = "http://127.0.0.1:" + backend.actualPort() + "/subscribe";
    System.out.printf(
        "%-22s %8s %8s %8s %8s %8s%n", "subscribe proxy", "mean us", "p50", "p99", "max", "calls");
    for (String mode : List.of("off", "on, no cache", "on, cache 60 s")) {
      JsonObject extra = new JsonObject();
      if (!mode.equals("off")) {
        extra.put(
            "hooks",
            new JsonObject()
                .put("subscribeUrl", url)
                .put("secret", SECRET)
                .put("cacheSeconds", mode.contains("cache 60") ? 60 : 0));
      }
      calls.set(0);
      try (RoomcastTarget target = RoomcastTarget.start(launch, 1, extra)) {
        Histogram h = run(vertx, target, n);
        System.out.printf(
            "%-22s %8.0f %8d %8d %8d %8d%n",
            mode,
            h.getMean(),
            h.getValueAtPercentile(50),
            h.getValueAtPercentile(99),
            h.getMaxValue(),
            calls.get());
      }
    }
    vertx.close().await();
  }

  /** {@code n} subscribe/unsubscribe rounds after as many to warm up; subscribe-to-ack in µs. */
  private static Histogram run(Vertx vertx, RoomcastTarget target, int n) throws Exception {
    WebSocketClient client = vertx.createWebSocketClient();
    String token = Jwt.allRooms(target.jwtSecret(), "bench-user");
    AtomicReference<Promise<JsonObject>> pending = new AtomicReference<>();
    WebSocket ws =
        client
            .connect(
                new WebSocketConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(target.edgePorts().get(0))
                    .setURI("/ws?token=" + token))
            .await();
    ws.textMessageHandler(
        t -> {
          JsonObject f = new JsonObject(t);
          Promise<JsonObject> p = pending.get();
          if (p != null && f.getString("ref") != null) {
            pending.set(null);
            p.complete(f);
          }
        });
    Histogram h = new Histogram(TimeUnit.SECONDS.toMicros(10), 3);
    List<Long> samples = new ArrayList<>();
    for (int i = 0; i < 2 * n; i++) {
      long t0 = System.nanoTime();
      JsonObject ack = call(ws, pending, "subscribe", i);
      long us = (System.nanoTime() - t0) / 1000;
      if (!"ack".equals(ack.getString("op"))) {
        throw new IllegalStateException("subscribe refused: " + ack.encode());
      }
      call(ws, pending, "unsubscribe", i);
      if (i >= n) {
        samples.add(us);
      }
    }
    samples.forEach(h::recordValue);
    ws.close().await();
    client.close().await();
    return h;
  }

  private static JsonObject call(
      WebSocket ws, AtomicReference<Promise<JsonObject>> pending, String op, int i) {
    Promise<JsonObject> answer = Promise.promise();
    pending.set(answer);
    ws.writeTextMessage(
        new JsonObject()
            .put("op", op)
            .put("ref", op + i)
            .put("rooms", new JsonArray().add("proxy-cost"))
            .encode());
    return Future.await(answer.future().timeout(10, TimeUnit.SECONDS));
  }
}
