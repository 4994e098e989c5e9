package io.roomcast.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP receiver of webhooks for tests (a Vert.x server on loopback): it records every
 * request, checks its signature the way a receiver would (recomputed here, independently of the
 * code that signs), and answers as told: 200, a failure for the first N requests, no answer at all,
 * or not listening.
 */
public final class WebhookReceiver implements AutoCloseable {
  /** One request as it arrived. */
  public record Hit(String id, String timestamp, String signature, String body, boolean valid) {
    public JsonObject json() {
      return new JsonObject(body);
    }

    public String event() {
      return json().getString("event");
    }
  }

  private final Vertx vertx;
  private final String secret;
  private final List<Hit> hits = new CopyOnWriteArrayList<>();
  private final List<HttpServerRequest> hanging = new CopyOnWriteArrayList<>();
  private final AtomicInteger failFirst = new AtomicInteger();
  private volatile boolean hang;
  private HttpServer server;
  private int port;

  private WebhookReceiver(Vertx vertx, String secret) {
    this.vertx = vertx;
    this.secret = secret;
  }

  /** Listens on a free loopback port. */
  public static WebhookReceiver start(Vertx vertx, String secret) {
    WebhookReceiver r = new WebhookReceiver(vertx, secret);
    r.listen(0);
    return r;
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/hooks";
  }

  /** The next {@code n} requests get a 500. */
  public WebhookReceiver failFirst(int n) {
    failFirst.set(n);
    return this;
  }

  /** Requests from now on get no answer (until {@link #answer}). */
  public WebhookReceiver hang() {
    hang = true;
    return this;
  }

  /** Answers again from now on (requests held while hanging stay unanswered). */
  public WebhookReceiver answer() {
    hang = false;
    return this;
  }

  /** Requests held open right now without an answer. */
  public int hanging() {
    return (int) hanging.stream().filter(r -> !r.response().closed()).count();
  }

  /** Stops listening: connections are refused. */
  public void down() {
    Await.result(server.close());
  }

  /** Listens again on the same port. */
  public void up() {
    listen(port);
  }

  private void listen(int at) {
    server =
        Await.result(vertx.createHttpServer().requestHandler(this::handle).listen(at, "127.0.0.1"));
    port = server.actualPort();
  }

  private void handle(HttpServerRequest req) {
    req.body()
        .onSuccess(
            buf -> {
              String body = buf.toString(StandardCharsets.UTF_8);
              String ts = req.getHeader("X-Roomcast-Timestamp");
              String sig = req.getHeader("X-Roomcast-Signature");
              hits.add(
                  new Hit(
                      req.getHeader("X-Roomcast-Webhook-Id"),
                      ts,
                      sig,
                      body,
                      sig != null && sig.equals(expected(ts, body))));
              if (hang) {
                hanging.add(req);
              } else if (failFirst.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                req.response().setStatusCode(500).end("failing on purpose");
              } else {
                req.response().setStatusCode(204).end();
              }
            });
  }

  private String expected(String ts, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256="
          + HexFormat.of()
              .formatHex(mac.doFinal((ts + "." + body).getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Every request so far, retries included. */
  public List<Hit> hits() {
    return new ArrayList<>(hits);
  }

  /** Requests that carried {@code event}. */
  public List<Hit> hits(String event) {
    return hits().stream().filter(h -> event.equals(h.event())).toList();
  }

  /** Distinct webhook ids received so far. */
  public List<String> ids() {
    return hits().stream().map(Hit::id).distinct().toList();
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}
