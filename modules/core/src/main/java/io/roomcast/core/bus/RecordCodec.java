package io.roomcast.core.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.jackson.DatabindCodec;
import java.io.IOException;

/**
 * Cluster codec for immutable records on internal addresses: the wire form is the record's Jackson
 * JSON (with Vert.x's module, so {@code JsonObject} and {@code Instant} fields work), length
 * prefixed. Locally the record is passed as-is, since records here are immutable.
 */
public final class RecordCodec<T extends Record> implements MessageCodec<T, T> {
  private final Class<T> type;

  private RecordCodec(Class<T> type) {
    this.type = type;
  }

  /** Registers the codec as default for {@code type}; call on every node (same name everywhere). */
  public static <T extends Record> void register(Vertx vertx, Class<T> type) {
    try {
      vertx.eventBus().registerDefaultCodec(type, new RecordCodec<>(type));
    } catch (IllegalStateException alreadyRegistered) {
      // another verticle of this node registered it first
    }
  }

  @Override
  public void encodeToWire(Buffer buffer, T value) {
    try {
      byte[] bytes = DatabindCodec.mapper().writeValueAsBytes(value);
      buffer.appendInt(bytes.length).appendBytes(bytes);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot encode " + type.getSimpleName(), e);
    }
  }

  @Override
  public T decodeFromWire(int pos, Buffer buffer) {
    int length = buffer.getInt(pos);
    byte[] bytes = buffer.getBytes(pos + 4, pos + 4 + length);
    try {
      return DatabindCodec.mapper().readValue(bytes, type);
    } catch (IOException e) {
      throw new DecodeException("cannot decode " + type.getSimpleName() + ": " + e.getMessage());
    }
  }

  @Override
  public T transform(T value) {
    return value;
  }

  @Override
  public String name() {
    // nested records keep their enclosing type in the name: PresenceCommand$Join
    return "roomcast." + type.getName().substring(type.getPackageName().length() + 1);
  }

  @Override
  public byte systemCodecID() {
    return -1;
  }
}
