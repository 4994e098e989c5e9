package io.roomcast.edge.hooks;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Identity;
import io.roomcast.edge.connection.Admission;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The application's backend decides every subscription to an exact room ({@link Admission}): {@code
 * hooks.subscribeUrl} is POSTed {@code {user, room, connection, cid?, transport}} (signed). {@code
 * 200 {"result":"allow"}} admits; {@code 200 {"result":"deny","code":"forbidden" |
 * "room_not_found"}} refuses with that code; no answer within {@code hooks.timeoutMillis}, a 5xx or
 * an answer that is neither is {@code unavailable}. With {@code hooks.cacheSeconds} above 0 an
 * {@code allow} is reused for that long per (user, room), in a bounded cache; refusals are never
 * cached.
 */
public final class SubscribeProxy implements Admission {
  /** Allow answers kept at most; the oldest go first. */
  static final int MAX_CACHED = 100_000;

  private final BackendCalls calls;
  private final URI url;
  private final long cacheMillis;
  private final Clock clock;
  private final Map<String, Long> allowedUntil =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > MAX_CACHED;
        }
      };

  public SubscribeProxy(BackendCalls calls, URI url, int cacheSeconds, Clock clock) {
    this.calls = calls;
    this.url = url;
    this.cacheMillis = cacheSeconds * 1000L;
    this.clock = clock;
  }

  @Override
  public Future<Void> admit(
      Identity identity, String room, String connectionId, String cid, String transport) {
    String key = identity.user() + '\u0000' + room;
    if (cacheMillis > 0 && cached(key)) {
      return Future.succeededFuture();
    }
    JsonObject body =
        new JsonObject()
            .put("user", identity.user())
            .put("room", room)
            .put("connection", connectionId)
            .put("transport", transport);
    if (cid != null) {
      body.put("cid", cid);
    }
    return calls
        .post(url, body, null)
        .compose(r -> verdict(r, room))
        .onSuccess(
            v -> {
              if (cacheMillis > 0) {
                remember(key);
              }
            });
  }

  private synchronized boolean cached(String key) {
    Long until = allowedUntil.get(key);
    if (until == null) {
      return false;
    }
    if (until <= clock.millis()) {
      allowedUntil.remove(key);
      return false;
    }
    return true;
  }

  private synchronized void remember(String key) {
    allowedUntil.put(key, clock.millis() + cacheMillis);
  }

  private static Future<Void> verdict(HttpResponse<Buffer> r, String room) {
    JsonObject answer = r.statusCode() == 200 ? BackendCalls.json(r) : null;
    String result = answer == null ? null : answer.getString("result");
    if ("allow".equals(result)) {
      return Future.succeededFuture();
    }
    if ("deny".equals(result)) {
      String code = answer.getValue("code") instanceof String s ? s : "forbidden";
      return Future.failedFuture(
          code.equals(ErrorCode.ROOM_NOT_FOUND.code())
              ? ErrorCode.ROOM_NOT_FOUND.exception("room '" + room + "' does not exist")
              : ErrorCode.FORBIDDEN.exception("the application refused room '" + room + "'"));
    }
    return Future.failedFuture(
        ErrorCode.UNAVAILABLE.exception(
            "the subscribe proxy answered "
                + r.statusCode()
                + " without a result of allow or deny; retry"));
  }
}
