package io.roomcast.core.http;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.Set;

/**
 * What every request must be before a router sees it, so that nothing a client sends reaches a
 * handler that would fail on it: a method this server knows, no expectation other than {@code
 * 100-continue} (RFC 9110 §10.1.1: 417), one {@code Host}, and a path and query whose
 * percent-encoding decodes.
 */
final class RequestChecks {
  private static final Set<HttpMethod> KNOWN =
      Set.of(
          HttpMethod.GET,
          HttpMethod.HEAD,
          HttpMethod.POST,
          HttpMethod.PUT,
          HttpMethod.DELETE,
          HttpMethod.PATCH,
          HttpMethod.OPTIONS);

  private RequestChecks() {}

  /** The refusal of {@code request}, or null when it may be routed. */
  static RoomcastException refusal(HttpServerRequest request) {
    if (!KNOWN.contains(request.method())) {
      return "PRI".equals(request.method().name())
          ? ErrorCode.INVALID_REQUEST.exception("HTTP/2 is not served here: speak HTTP/1.1")
          : ErrorCode.METHOD_NOT_ALLOWED.exception("unknown method");
    }
    // RFC 9112 §3.2: exactly one Host in an HTTP/1.1 request
    int hosts = request.headers().getAll("Host").size();
    if (hosts > 1 || (hosts == 0 && request.version() == HttpVersion.HTTP_1_1)) {
      return ErrorCode.INVALID_REQUEST.exception("an HTTP/1.1 request needs exactly one Host");
    }
    String expect = request.getHeader("Expect");
    if (expect != null && !expect.trim().equalsIgnoreCase("100-continue")) {
      return ErrorCode.EXPECTATION_FAILED.exception("only Expect: 100-continue is understood");
    }
    String path = request.path();
    if (path == null || !path.startsWith("/")) {
      return path != null && path.equals("*") && request.method() == HttpMethod.OPTIONS
          ? ErrorCode.NOT_FOUND.exception("no server-wide options")
          : ErrorCode.INVALID_REQUEST.exception("the request target must be a path");
    }
    int bad = badEscape(path);
    if (bad >= 0) {
      return inRoomSegment(path, bad)
          ? ErrorCode.INVALID_ROOM.exception("room id is not validly percent-encoded")
          : ErrorCode.INVALID_REQUEST.exception("path is not validly percent-encoded");
    }
    String query = request.query();
    if (query != null && badEscape(query) >= 0) {
      return ErrorCode.INVALID_REQUEST.exception("query is not validly percent-encoded");
    }
    return null;
  }

  /**
   * Whether a request that cannot be trusted to end where it seems to must close its connection.
   */
  static boolean closes(HttpServerRequest request) {
    return "PRI".equals(request.method().name());
  }

  /** Index of the first {@code %} not followed by two hex digits, or -1. */
  private static int badEscape(String path) {
    for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
      if (i + 2 >= path.length() || !hex(path.charAt(i + 1)) || !hex(path.charAt(i + 2))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  /** Whether index {@code at} lies in the segment after a {@code rooms} segment. */
  private static boolean inRoomSegment(String path, int at) {
    int start = path.lastIndexOf('/', at);
    return start >= 6 && path.startsWith("/rooms", start - 6);
  }
}
