package io.roomcast.core.event;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.json.JsonObject;

/**
 * An event on the bus: its JSON tree (what bus consumers and the SockJS bridge read) together with
 * its text, encoded once by the publisher ({@link EventJson}). Read-only once published: local
 * consumers share the instance (the codec does not copy it), other nodes get the text and keep it,
 * so no node encodes the event again for its sockets.
 */
public final class EnvelopeJson extends JsonObject {
  /** The codec's name on the bus; every node registers it through {@link #register}. */
  public static final String CODEC = "roomcast.envelope";

  private final String text;

  public EnvelopeJson(JsonObject tree, String text) {
    super(tree.getMap());
    this.text = text;
  }

  /** The envelope's JSON text (the same fields as this tree). */
  public String text() {
    return text;
  }

  /** The text of any envelope tree: kept when it is an {@code EnvelopeJson}, encoded otherwise. */
  public static String textOf(JsonObject envelope) {
    return envelope instanceof EnvelopeJson e ? e.text : envelope.encode();
  }

  /** Registers the codec on {@code bus} (once per node; later calls are no-ops). */
  public static void register(EventBus bus) {
    try {
      bus.registerCodec(new Codec());
    } catch (IllegalStateException alreadyRegistered) {
      // another part of this node registered it first
    }
  }

  private static final class Codec implements MessageCodec<EnvelopeJson, EnvelopeJson> {
    @Override
    public void encodeToWire(Buffer buffer, EnvelopeJson e) {
      int at = buffer.length();
      buffer.appendInt(0).appendString(e.text);
      buffer.setInt(at, buffer.length() - at - 4);
    }

    @Override
    public EnvelopeJson decodeFromWire(int pos, Buffer buffer) {
      int length = buffer.getInt(pos);
      String text = buffer.getString(pos + 4, pos + 4 + length);
      return new EnvelopeJson(new JsonObject(text), text);
    }

    /** Shared, not copied: an envelope on the bus is never changed. */
    @Override
    public EnvelopeJson transform(EnvelopeJson e) {
      return e;
    }

    @Override
    public String name() {
      return CODEC;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }
}
