package io.roomcast.core;

/**
 * Every refusal roomcast sends, on every transport: REST bodies, WebSocket {@code error} frames,
 * SSE closing frames and SockJS bridge errors all use these codes. Each code carries its HTTP
 * status and its disconnect rule: the WebSocket close code a connection ended for it gets (also in
 * SockJS's close frame), and whether the client should reconnect (in every transport's last frame).
 *
 * <p>Close codes are RFC 6455's where one fits (1009 too big, 1012 service restart), else in the
 * application range (§7.4.2): 4000–4099 mean "reconnect", 4100 and up "do not reconnect with this
 * token" ({@link #NO_RECONNECT}). One exception: {@link #REPLACED} (4009) is not to be reconnected,
 * since a newer connection of the same client already took its place; a client that reconnected
 * would replace that one in turn.
 */
public enum ErrorCode {
  INVALID_JSON("invalid_json", 400),
  INVALID_REQUEST("invalid_request", 400),
  INVALID_ROOM("invalid_room", 400),
  INVALID_USER("invalid_user", 400),
  INVALID_TYPE("invalid_type", 400),
  INVALID_DATA("invalid_data", 400),
  UNKNOWN_OP("unknown_op", 400),
  UNAUTHORIZED("unauthorized", 401, 4100),
  TOKEN_EXPIRED("token_expired", 401, 4101),
  TOKEN_NOT_YET_VALID("token_not_yet_valid", 401, 4102),
  INVALID_TOKEN("invalid_token", 401, 4100),
  FORBIDDEN("forbidden", 403, 4103),
  NOT_FOUND("not_found", 404),
  ROOM_NOT_FOUND("room_not_found", 404, 4104),
  /**
   * The room was deleted while subscribed: 410 Gone (it existed and was removed on purpose, unlike
   * 404), and no reconnect to it (4105): resubscribing would find it gone or, re-created, empty.
   */
  ROOM_DELETED("room_deleted", 410, 4105),
  METHOD_NOT_ALLOWED("method_not_allowed", 405),
  REQUEST_TIMEOUT("request_timeout", 408),
  ORIGIN_NOT_ALLOWED("origin_not_allowed", 403, 4103),
  PAYLOAD_TOO_LARGE("payload_too_large", 413, 1009),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
  EXPECTATION_FAILED("expectation_failed", 417),
  URI_TOO_LONG("uri_too_long", 414),
  HEADERS_TOO_LARGE("headers_too_large", 431),
  RATE_LIMITED("rate_limited", 429, 4029),
  /** A newer connection of the same user with the same {@code cid} took this one's place. */
  REPLACED("replaced", 409, 4009, false),
  TOO_MANY_SUBSCRIPTIONS("too_many_subscriptions", 429),
  TOO_MANY_CONNECTIONS("too_many_connections", 429),
  SLOW_CONSUMER("slow_consumer", 503, 4008),
  /**
   * Closed by the application's backend (server control API). Its close code says "reconnect"; the
   * final frame carries the reconnect flag the backend chose for this close.
   */
  DISCONNECTED("disconnected", 410, 4010),
  IDLE_TIMEOUT("idle_timeout", 408),
  SHUTTING_DOWN("shutting_down", 503, 1012),
  UNAVAILABLE("unavailable", 503, 4003),
  INTERNAL("internal", 500);

  /** The first close code that tells a client not to reconnect as it is. */
  public static final int NO_RECONNECT = 4100;

  /** The close code of every code without one of its own: "closed, reconnect". */
  private static final int GENERIC_CLOSE = 4000;

  private final String code;
  private final int httpStatus;
  private final short closeCode;
  private final boolean reconnect;

  ErrorCode(String code, int httpStatus) {
    this(code, httpStatus, GENERIC_CLOSE);
  }

  ErrorCode(String code, int httpStatus, int closeCode) {
    this(code, httpStatus, closeCode, closeCode < NO_RECONNECT);
  }

  ErrorCode(String code, int httpStatus, int closeCode, boolean reconnect) {
    this.code = code;
    this.httpStatus = httpStatus;
    this.closeCode = (short) closeCode;
    this.reconnect = reconnect;
  }

  /** The short code clients see, e.g. {@code invalid_room}. */
  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  /** The WebSocket close code of a connection ended for this reason. */
  public short closeCode() {
    return closeCode;
  }

  /** Whether a client whose connection ended for this reason should reconnect as it is. */
  public boolean reconnect() {
    return reconnect;
  }

  public RoomcastException exception(String message) {
    return new RoomcastException(this, message);
  }
}
