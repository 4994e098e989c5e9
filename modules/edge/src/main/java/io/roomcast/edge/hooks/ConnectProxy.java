package io.roomcast.edge.hooks;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.auth.Identity;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.time.Instant;

/**
 * Who a browser that brings no token is, as the application's backend says: {@code
 * hooks.connectUrl} is POSTed {@code {transport, cookie?, authorization?}} (signed), with the
 * browser's {@code Cookie} and {@code Authorization} headers also forwarded as they came, so a
 * session middleware reads them as usual. {@code 200 {"user","rooms":[…],"pub":[…],"expires"}}
 * ({@code expires} in unix seconds) admits with that identity, used like a token's claims; {@code
 * 401} refuses ({@code unauthorized}), {@code 403} too ({@code forbidden}); anything else, no
 * answer in time or an identity that is not one is {@code unavailable}.
 */
public final class ConnectProxy {
  private final BackendCalls calls;
  private final URI url;

  public ConnectProxy(BackendCalls calls, URI url) {
    this.calls = calls;
    this.url = url;
  }

  public Future<Identity> identify(HttpServerRequest request, String transport) {
    String cookie = request.getHeader("Cookie");
    String authorization = request.getHeader("Authorization");
    JsonObject body = new JsonObject().put("transport", transport);
    MultiMap headers = MultiMap.caseInsensitiveMultiMap();
    if (cookie != null) {
      body.put("cookie", cookie);
      headers.set("Cookie", cookie);
    }
    if (authorization != null) {
      body.put("authorization", authorization);
      headers.set("Authorization", authorization);
    }
    return calls.post(url, body, headers).compose(ConnectProxy::identity);
  }

  private static Future<Identity> identity(HttpResponse<Buffer> r) {
    return switch (r.statusCode()) {
      case 200 -> parsed(BackendCalls.json(r));
      case 401 ->
          Future.failedFuture(
              ErrorCode.UNAUTHORIZED.exception("the application did not recognise this browser"));
      case 403 ->
          Future.failedFuture(
              ErrorCode.FORBIDDEN.exception("the application refused this browser"));
      default ->
          Future.failedFuture(
              ErrorCode.UNAVAILABLE.exception(
                  "the connect proxy answered " + r.statusCode() + "; retry"));
    };
  }

  /** The answer as token claims: {@code user} is {@code sub}, {@code expires} is {@code exp}. */
  private static Future<Identity> parsed(JsonObject answer) {
    if (answer == null) {
      return invalid("its answer is not a JSON object");
    }
    JsonObject claims =
        new JsonObject()
            .put("sub", answer.getValue("user"))
            .put("rooms", answer.getValue("rooms"))
            .put("pub", answer.getValue("pub"))
            .put("exp", answer.getValue("expires"));
    try {
      Identity who = Authenticator.identityOf(claims);
      if (who.expired(Instant.now())) {
        return Future.failedFuture(
            ErrorCode.UNAUTHORIZED.exception("the session the application named has expired"));
      }
      return Future.succeededFuture(who);
    } catch (RoomcastException e) {
      return invalid(
          "'user' must be a user id, 'rooms' and 'pub' lists of room patterns, 'expires' unix"
              + " seconds");
    }
  }

  private static Future<Identity> invalid(String why) {
    return Future.failedFuture(
        ErrorCode.UNAVAILABLE.exception("the connect proxy's answer is invalid: " + why));
  }
}
