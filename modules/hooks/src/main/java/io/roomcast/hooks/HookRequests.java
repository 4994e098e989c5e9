package io.roomcast.hooks;

import io.roomcast.core.config.HooksConfig.Webhook;
import io.roomcast.core.hooks.HookSignature;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Clock;
import java.util.concurrent.TimeoutException;

/**
 * One webhook POST: signed at the time of the attempt, answered within {@code hooks.timeoutMillis}
 * or reset. Succeeds on a 2xx only.
 */
final class HookRequests {
  private final Vertx vertx;
  private final HttpClientAgent http;
  private final long timeoutMillis;
  private final Clock clock;

  HookRequests(Vertx vertx, int timeoutMillis, int maxInFlight, Clock clock) {
    this.vertx = vertx;
    this.timeoutMillis = timeoutMillis;
    this.clock = clock;
    this.http =
        vertx.createHttpClient(
            new HttpClientOptions()
                .setConnectTimeout(timeoutMillis)
                .setIdleTimeout(Math.max(1, timeoutMillis / 1000))
                .setKeepAlive(true),
            new PoolOptions().setHttp1MaxSize(maxInFlight).setHttp2MaxSize(maxInFlight));
  }

  Future<Void> post(Webhook receiver, String id, String body) {
    long ts = clock.millis() / 1000;
    MultiMap headers =
        HttpHeaders.headers()
            .set(HttpHeaders.CONTENT_TYPE, "application/json")
            .set(HookSignature.WEBHOOK_ID, id);
    HookSignature.signed(headers, receiver.secret(), ts, body);
    RequestOptions options =
        new RequestOptions()
            .setMethod(HttpMethod.POST)
            .setAbsoluteURI(receiver.url().toString())
            .setHeaders(headers)
            .setConnectTimeout(timeoutMillis);
    Promise<Integer> answered = Promise.promise();
    long timer =
        vertx.setTimer(
            timeoutMillis,
            t ->
                answered.tryFail(
                    new TimeoutException("no answer within " + timeoutMillis + " ms")));
    http.request(options)
        .onFailure(answered::tryFail)
        .onSuccess(
            request -> {
              answered.future().onFailure(err -> request.reset());
              request
                  .send(body)
                  .compose(response -> response.body().map(b -> response.statusCode()))
                  .onComplete(
                      ar -> {
                        if (ar.succeeded()) {
                          answered.tryComplete(ar.result());
                        } else {
                          answered.tryFail(ar.cause());
                        }
                      });
            });
    return answered
        .future()
        .eventually(() -> Future.succeededFuture(vertx.cancelTimer(timer)))
        .compose(
            status ->
                status / 100 == 2
                    ? Future.<Void>succeededFuture()
                    : Future.failedFuture("answered " + status));
  }

  Future<Void> close() {
    return http.close();
  }
}
