package io.roomcast.core;

/**
 * Every refusal roomcast sends, on every transport: REST bodies, WebSocket {@code error} frames,
 * SSE closing frames and SockJS bridge errors all use these codes.
 */
public enum ErrorCode {
  INVALID_JSON("invalid_json", 400),
  INVALID_REQUEST("invalid_request", 400),
  INVALID_ROOM("invalid_room", 400),
  INVALID_USER("invalid_user", 400),
  INVALID_TYPE("invalid_type", 400),
  INVALID_DATA("invalid_data", 400),
  UNKNOWN_OP("unknown_op", 400),
  UNAUTHORIZED("unauthorized", 401),
  TOKEN_EXPIRED("token_expired", 401),
  TOKEN_NOT_YET_VALID("token_not_yet_valid", 401),
  INVALID_TOKEN("invalid_token", 401),
  FORBIDDEN("forbidden", 403),
  NOT_FOUND("not_found", 404),
  METHOD_NOT_ALLOWED("method_not_allowed", 405),
  REQUEST_TIMEOUT("request_timeout", 408),
  ORIGIN_NOT_ALLOWED("origin_not_allowed", 403),
  PAYLOAD_TOO_LARGE("payload_too_large", 413),
  UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", 415),
  EXPECTATION_FAILED("expectation_failed", 417),
  URI_TOO_LONG("uri_too_long", 414),
  HEADERS_TOO_LARGE("headers_too_large", 431),
  RATE_LIMITED("rate_limited", 429),
  TOO_MANY_SUBSCRIPTIONS("too_many_subscriptions", 429),
  TOO_MANY_CONNECTIONS("too_many_connections", 429),
  SLOW_CONSUMER("slow_consumer", 503),
  IDLE_TIMEOUT("idle_timeout", 408),
  SHUTTING_DOWN("shutting_down", 503),
  UNAVAILABLE("unavailable", 503),
  INTERNAL("internal", 500);

  private final String code;
  private final int httpStatus;

  ErrorCode(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The short code clients see, e.g. {@code invalid_room}. */
  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public RoomcastException exception(String message) {
    return new RoomcastException(this, message);
  }
}
