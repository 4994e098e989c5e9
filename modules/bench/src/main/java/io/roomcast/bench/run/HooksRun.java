package io.roomcast.bench.run;

import io.roomcast.bench.BenchOptions;
import io.roomcast.bench.client.Jwt;
import io.roomcast.bench.servers.Launch;
import io.roomcast.bench.servers.RoomcastTarget;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Webhook figures on one roomcast node and a receiver in this JVM that answers 204 at once: the
 * time from a user's last connection closing to its {@code user.offline} webhook (the offline grace
 * plus what roomcast adds), and how many {@code message} webhooks per second the node delivers
 * while events are published as fast as batches go. Writes {@code hooks-figures.json} to the output
 * directory.
 */
public final class HooksRun {
  private static final String SECRET = "bench-only-webhook-secret-0123";
  private static final int USERS = 20;
  private static final int MESSAGES = 20_000;
  private static final int BATCH = 500;

  private final Launch launch;
  private final BenchOptions options;
  private final Consumer<String> log;
  private final Map<String, Long> online = new ConcurrentHashMap<>();
  private final Map<String, Long> offline = new ConcurrentHashMap<>();
  private final AtomicLong messages = new AtomicLong();
  private final List<Long> messageArrivals = Collections.synchronizedList(new ArrayList<>());

  public HooksRun(Launch launch, BenchOptions options, Consumer<String> log) {
    this.launch = launch;
    this.options = options;
    this.log = log;
  }

  public void run() {
    Vertx vertx = Vertx.vertx();
    try {
      HttpServer receiver =
          vertx.createHttpServer().requestHandler(this::received).listen(0, "127.0.0.1").await();
      int grace = 5;
      JsonObject extra =
          new JsonObject()
              .put(
                  "hooks",
                  new JsonObject()
                      .put(
                          "webhooks",
                          new JsonArray()
                              .add(
                                  new JsonObject()
                                      .put("url", "http://127.0.0.1:" + receiver.actualPort() + "/")
                                      .put("secret", SECRET)
                                      .put(
                                          "events",
                                          new JsonArray(
                                              List.of("user.online", "user.offline", "message"))))))
              .put("presence", new JsonObject().put("offlineGraceSeconds", grace));
      log.accept("starting roomcast x1 with a webhook to a receiver in the harness");
      try (RoomcastTarget target = RoomcastTarget.start(launch, 1, extra)) {
        HttpClientAgent http = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(USERS + 8));
        JsonObject result = new JsonObject().put("offlineGraceSeconds", grace);
        result.put("userOffline", offlineLatency(http, target, grace));
        result.put("throughput", throughput(http, target));
        write(result);
      }
    } finally {
      vertx.close().await();
    }
  }

  private void received(io.vertx.core.http.HttpServerRequest req) {
    req.body()
        .onSuccess(
            body -> {
              long now = System.nanoTime();
              JsonObject hook = body.toJsonObject();
              switch (hook.getString("event")) {
                case "user.online" -> online.putIfAbsent(hook.getString("user"), now);
                case "user.offline" -> offline.putIfAbsent(hook.getString("user"), now);
                case "message" -> {
                  messages.incrementAndGet();
                  messageArrivals.add(now);
                }
                default -> {}
              }
              req.response().setStatusCode(204).end();
            });
  }

  private JsonObject offlineLatency(HttpClientAgent http, RoomcastTarget target, int grace) {
    List<HttpClientResponse> streams = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      String user = "hooks-u" + i;
      String uri = "/rooms/hooks-bench/events?token=" + Jwt.allRooms(target.jwtSecret(), user);
      streams.add(
          http.request(HttpMethod.GET, target.edgePorts().get(0), "127.0.0.1", uri)
              .compose(r -> r.send())
              .map(
                  r -> {
                    r.exceptionHandler(e -> {}); // closed below, on purpose
                    return r;
                  })
              .await());
    }
    awaitTrue(() -> online.size() >= USERS, 60, "user.online of every user");
    Map<String, Long> closedAt = new ConcurrentHashMap<>();
    for (int i = 0; i < USERS; i++) {
      closedAt.put("hooks-u" + i, System.nanoTime());
      streams.get(i).request().connection().close();
    }
    awaitTrue(() -> offline.size() >= USERS, grace + 60, "user.offline of every user");
    List<Double> ms = new ArrayList<>();
    closedAt.forEach((user, at) -> ms.add((offline.get(user) - at) / 1e6));
    Collections.sort(ms);
    double median = ms.get(ms.size() / 2);
    double max = ms.get(ms.size() - 1);
    log.accept(
        String.format(
            Locale.ROOT,
            "user.offline after the last connection closed: median %.0f ms, max %.0f ms"
                + " (grace %d s, %d users)",
            median,
            max,
            grace,
            USERS));
    return new JsonObject()
        .put("users", USERS)
        .put("medianMs", median)
        .put("maxMs", max)
        .put("overGraceMedianMs", median - grace * 1000.0);
  }

  private JsonObject throughput(HttpClientAgent http, RoomcastTarget target) {
    long start = System.nanoTime();
    for (int sent = 0; sent < MESSAGES; sent += BATCH) {
      JsonArray events = new JsonArray();
      for (int i = 0; i < BATCH; i++) {
        events.add(
            new JsonObject()
                .put("room", "hooks-r" + (i % 10))
                .put("type", "message")
                .put("data", new JsonObject().put("n", sent + i)));
      }
      Buffer body = new JsonObject().put("events", events).toBuffer();
      int status =
          http.request(
                  new RequestOptions()
                      .setMethod(HttpMethod.POST)
                      .setHost("127.0.0.1")
                      .setPort(target.apiPort())
                      .setURI("/api/publish")
                      .putHeader("Authorization", target.authorization())
                      .putHeader("Content-Type", "application/json"))
              .compose(r -> r.send(body))
              .compose(r -> r.body().map(b -> r.statusCode()))
              .await();
      if (status != 200) {
        throw new IllegalStateException("batch publish answered " + status);
      }
    }
    double published = (System.nanoTime() - start) / 1e9;
    awaitTrue(() -> messages.get() >= MESSAGES, 300, "every message webhook");
    double all = (System.nanoTime() - start) / 1e9;
    List<Long> arrivals;
    synchronized (messageArrivals) {
      arrivals = new ArrayList<>(messageArrivals);
    }
    Collections.sort(arrivals);
    int lo = arrivals.size() / 10;
    int hi = arrivals.size() * 9 / 10;
    double steady = (hi - lo) / ((arrivals.get(hi) - arrivals.get(lo)) / 1e9);
    log.accept(
        String.format(
            Locale.ROOT,
            "message webhooks: %d published in %.1f s, all delivered after %.1f s: %.0f/s"
                + " overall, %.0f/s between the 10th and 90th percentile of arrivals",
            MESSAGES,
            published,
            all,
            MESSAGES / all,
            steady));
    return new JsonObject()
        .put("messages", MESSAGES)
        .put("publishedSeconds", published)
        .put("deliveredSeconds", all)
        .put("perSecondOverall", MESSAGES / all)
        .put("perSecondSteady", steady);
  }

  private static void awaitTrue(BooleanSupplier condition, int seconds, String what) {
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no " + what + " within " + seconds + " s");
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private void write(JsonObject result) {
    Path file = options.out().resolve("hooks-figures.json");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, result.encodePrettily());
    } catch (IOException e) {
      log.accept("cannot write " + file + ": " + e.getMessage());
    }
  }
}
