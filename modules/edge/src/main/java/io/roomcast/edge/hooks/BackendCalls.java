package io.roomcast.edge.hooks;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.config.HooksConfig;
import io.roomcast.core.hooks.HookSignature;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/**
 * The edge's one HTTP client to the application's backend, shared by the node's edge instances:
 * JSON POSTs signed with {@code hooks.secret} ({@link HookSignature}), answered within {@code
 * hooks.timeoutMillis}. No answer in time, a failed connection or a 5xx is {@code unavailable}; any
 * other answer is the caller's to read. Never blocks: the answer completes on the caller's context
 * when it has one.
 */
public final class BackendCalls {
  /**
   * Connections kept to the backend: a burst of subscriptions (every client of a restarted node
   * coming back) is answered in parallel rather than queued behind a handful.
   */
  static final int POOL_SIZE = 64;

  private final WebClient client;
  private final String secret;
  private final long timeoutMillis;
  private final Clock clock;

  public BackendCalls(Vertx vertx, HooksConfig hooks, Clock clock) {
    this.timeoutMillis = hooks.timeoutMillis();
    this.secret = hooks.secret();
    this.clock = clock;
    this.client =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setConnectTimeout((int) timeoutMillis)
                .setKeepAlive(true)
                .setUserAgent("roomcast"),
            new PoolOptions().setHttp1MaxSize(POOL_SIZE));
  }

  /** POSTs {@code body} to {@code url}, signed, with {@code headers} besides. */
  public Future<HttpResponse<Buffer>> post(URI url, JsonObject body, MultiMap headers) {
    String text = body.encode();
    HttpRequest<Buffer> request =
        client.postAbs(url.toString()).timeout(timeoutMillis).connectTimeout(timeoutMillis);
    if (headers != null) {
      request.putHeaders(headers);
    }
    request.putHeader("Content-Type", "application/json");
    HookSignature.signed(request.headers(), secret, clock.millis() / 1000, text);
    return request
        .sendBuffer(Buffer.buffer(text))
        .timeout(timeoutMillis, TimeUnit.MILLISECONDS)
        .recover(
            err ->
                Future.failedFuture(
                    ErrorCode.UNAVAILABLE.exception(
                        "the application's backend did not answer in time; retry")))
        .compose(
            r ->
                r.statusCode() >= 500
                    ? Future.failedFuture(
                        ErrorCode.UNAVAILABLE.exception(
                            "the application's backend failed (" + r.statusCode() + "); retry"))
                    : Future.succeededFuture(r));
  }

  /** The answer's body as a JSON object, or null when it is not one. */
  static JsonObject json(HttpResponse<Buffer> r) {
    try {
      Buffer body = r.body();
      return body == null ? null : body.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
