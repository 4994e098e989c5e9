package io.roomcast.core.bus;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A refusal travelling as the reply to a bus request: the requester's future fails with this
 * exception, whose {@link #error()} is the {@link RoomcastException} the replier refused with, code
 * and message, on any node (a registered cluster codec carries both). Its failure code is the
 * code's HTTP status and its text {@code "code: message"}, which is what SockJS clients see.
 */
public final class BusError extends ReplyException {
  private final ErrorCode code;
  private final String detail;

  public BusError(ErrorCode code, String detail) {
    super(ReplyFailure.RECIPIENT_FAILURE, code.httpStatus(), code.code() + ": " + detail, true);
    this.code = code;
    this.detail = detail;
  }

  public ErrorCode code() {
    return code;
  }

  /** The refusal as the replier raised it. */
  public RoomcastException error() {
    return code.exception(detail);
  }

  /** Registers the codec; every node that replies with or receives a refusal calls it. */
  public static void register(Vertx vertx) {
    try {
      vertx.eventBus().registerDefaultCodec(BusError.class, new Codec());
    } catch (IllegalStateException alreadyRegistered) {
      // another part of this node registered it first
    }
  }

  /**
   * Answers {@code msg} with the coded refusal {@code err} stands for. A failure without a code is
   * a bug: it is logged here, once, and answered as {@link ErrorCode#INTERNAL}.
   */
  public static void reply(Message<?> msg, Throwable err, Logger log) {
    RoomcastException coded = RoomcastException.of(err);
    if (!(err instanceof RoomcastException) && !(err instanceof BusError)) {
      log.log(Level.WARNING, "request to " + msg.address() + " failed", err);
    }
    msg.reply(new BusError(coded.code(), coded.getMessage()));
  }

  private static final class Codec implements MessageCodec<BusError, BusError> {
    @Override
    public void encodeToWire(Buffer buffer, BusError e) {
      write(buffer, e.code.code());
      write(buffer, e.detail);
    }

    @Override
    public BusError decodeFromWire(int pos, Buffer buffer) {
      int codeLength = buffer.getInt(pos);
      String code = buffer.getString(pos + 4, pos + 4 + codeLength, "UTF-8");
      int at = pos + 4 + codeLength;
      int detailLength = buffer.getInt(at);
      String detail = buffer.getString(at + 4, at + 4 + detailLength, "UTF-8");
      return new BusError(named(code), detail);
    }

    /** {@link ErrorCode#INTERNAL} for a code this node does not know (a newer node sent it). */
    private static ErrorCode named(String code) {
      for (ErrorCode c : ErrorCode.values()) {
        if (c.code().equals(code)) {
          return c;
        }
      }
      return ErrorCode.INTERNAL;
    }

    private static void write(Buffer buffer, String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      buffer.appendInt(bytes.length).appendBytes(bytes);
    }

    @Override
    public BusError transform(BusError e) {
      return e;
    }

    @Override
    public String name() {
      return "roomcast.BusError";
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
