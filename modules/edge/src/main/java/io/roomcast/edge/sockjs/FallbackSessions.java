package io.roomcast.edge.sockjs;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.http.HttpErrors;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who owns each session of SockJS's HTTP fallbacks (xhr polling and streaming, eventsource,
 * htmlfile, jsonp). vertx-web finds a session by the id in the path alone, so whoever names an id
 * would read its messages and send as its owner. Here a session belongs to the user whose request
 * opened it: requests on it by anyone else are refused with 403 before vertx-web sees them, sends
 * to a session this node does not hold get 404 (sessions live on the node that opened them: the
 * fallbacks need sticky load balancing), and a send whose body is not SockJS's JSON array of
 * strings gets 400 {@code invalid_json} instead of reaching vertx-web, which answers it with a 5xx
 * or fails on it.
 *
 * <p>One per node, shared by every edge instance, as vertx-web's sessions are (any thread).
 */
public final class FallbackSessions {
  /** The fallback transports' paths; group 1 is the session id, group 2 the transport. */
  static final String PATH =
      "/eventbus/[^/.]+/([^/.]+)/(xhr|xhr_send|xhr_streaming|eventsource|htmlfile|jsonp|jsonp_send)";

  private static final Pattern PATTERN = Pattern.compile(PATH);

  /** A session's owner; {@code connection} is null while the request that opens it runs. */
  private record Owner(String user, String connection) {}

  private final Map<String, Owner> owners = new ConcurrentHashMap<>();

  public FallbackSessions() {}

  /** Route handler in front of vertx-web's transports; the request is authenticated already. */
  void check(RoutingContext ctx) {
    Matcher m = PATTERN.matcher(ctx.request().path());
    if (!m.matches()) {
      ctx.next();
      return;
    }
    String session = m.group(1);
    boolean send = m.group(2).endsWith("_send");
    String user = Authenticator.identityOf(ctx.user().principal()).user();
    Owner owner = owners.get(session);
    if (owner == null) {
      if (send) {
        HttpErrors.send(
            ctx,
            ErrorCode.NOT_FOUND.exception(
                "no such SockJS session on this node; open one first (sessions stay on the node"
                    + " that opened them)"));
        return;
      }
      Owner reserved = new Owner(user, null);
      owner = owners.putIfAbsent(session, reserved);
      if (owner == null) {
        // dropped again if this request opened no session (a refused or already closed one)
        ctx.addEndHandler(v -> owners.remove(session, reserved));
        ctx.next();
        return;
      }
    }
    if (!owner.user().equals(user)) {
      HttpErrors.send(
          ctx, ErrorCode.FORBIDDEN.exception("this SockJS session belongs to another user"));
      return;
    }
    String refusal = send ? brokenFrame(ctx) : null;
    if (refusal != null) {
      HttpErrors.send(ctx, ErrorCode.INVALID_JSON.exception(refusal));
      return;
    }
    ctx.next();
  }

  /** A session was opened for {@code user}'s request: it is theirs until it closes. */
  void opened(SockJSSocket socket, String user, String connection) {
    String session = sessionOf(socket);
    if (session != null) {
      owners.compute(
          session, (k, o) -> o == null || o.user().equals(user) ? new Owner(user, connection) : o);
    }
  }

  /** The session of {@code connection} closed; a newer session under the same id is kept. */
  void closed(SockJSSocket socket, String connection) {
    String session = sessionOf(socket);
    if (session != null) {
      owners.computeIfPresent(session, (k, o) -> connection.equals(o.connection()) ? null : o);
    }
  }

  private static String sessionOf(SockJSSocket socket) {
    String uri = socket.uri();
    if (uri == null) {
      return null;
    }
    int query = uri.indexOf('?');
    Matcher m = PATTERN.matcher(query < 0 ? uri : uri.substring(0, query));
    return m.matches() ? m.group(1) : null;
  }

  /**
   * Why a send's frame is not SockJS's encoding (a JSON array of strings, each a message), or null
   * when it is. jsonp_send may carry it as the form field {@code d}.
   */
  private static String brokenFrame(RoutingContext ctx) {
    String type = ctx.request().getHeader("Content-Type");
    String frame =
        type != null && type.startsWith("application/x-www-form-urlencoded")
            ? ctx.request().getFormAttribute("d")
            : ctx.body().asString();
    if (frame == null || frame.isBlank()) {
      return "payload expected: a JSON array of messages";
    }
    JsonArray messages;
    try {
      messages = new JsonArray(frame);
    } catch (RuntimeException e) {
      return "broken JSON encoding: a SockJS frame is a JSON array of messages";
    }
    for (Object message : messages) {
      if (!(message instanceof String)) {
        return "every message in a SockJS frame must be a JSON string";
      }
    }
    return null;
  }
}
