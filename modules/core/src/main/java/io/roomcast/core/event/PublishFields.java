package io.roomcast.core.event;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.config.LimitsConfig;
import io.vertx.core.json.JsonObject;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The optional publish fields beside {@code type} and {@code data}, checked the same on every door:
 * {@code html}, a pre-rendered fragment, and {@code store}, whether the event goes to history.
 */
public final class PublishFields {
  private PublishFields() {}

  /**
   * A client-supplied {@code html}: absent (null) or a string that is valid Unicode (no lone
   * surrogate, so it has a UTF-8 form) of at most {@code limits.maxDataBytes()} UTF-8 bytes.
   */
  public static String html(JsonObject body, LimitsConfig limits) {
    Object html = body.getValue("html");
    if (html == null) {
      return null;
    }
    if (!(html instanceof String fragment)) {
      throw ErrorCode.INVALID_DATA.exception("'html' must be a string");
    }
    if (fragment.length() > limits.maxDataBytes() || utf8Length(fragment) > limits.maxDataBytes()) {
      throw ErrorCode.PAYLOAD_TOO_LARGE.exception(
          "'html' is over " + limits.maxDataBytes() + " bytes");
    }
    return fragment;
  }

  /** A client-supplied {@code store}: absent (true) or a boolean. */
  public static boolean store(JsonObject body) {
    Object store = body.getValue("store");
    if (store == null) {
      return true;
    }
    if (!(store instanceof Boolean stored)) {
      throw ErrorCode.INVALID_DATA.exception("'store' must be true or false");
    }
    return stored;
  }

  private static int utf8Length(String fragment) {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      ByteBuffer bytes = encoder.encode(CharBuffer.wrap(fragment));
      return bytes.remaining();
    } catch (CharacterCodingException e) {
      throw ErrorCode.INVALID_DATA.exception("'html' is not valid UTF-8 text (a lone surrogate)");
    }
  }
}
