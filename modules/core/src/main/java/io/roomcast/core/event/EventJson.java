package io.roomcast.core.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import io.vertx.core.json.EncodeException;
import io.vertx.core.json.jackson.JacksonCodec;
import java.io.IOException;
import java.time.format.DateTimeFormatter;

/**
 * An envelope's JSON text, written field by field with Jackson's streaming generator (no tree, no
 * data-binding lookups): once per event, shared by history and every wire. The text without {@code
 * seq} and {@code epoch} is what history keeps; {@link #placed} adds them at the end.
 */
public final class EventJson {
  private static final JsonFactory FACTORY = new JsonFactory();

  private EventJson() {}

  /** The event's JSON without {@code seq} and {@code epoch}: what a history keeps. */
  public static String unplaced(Envelope e) {
    SegmentedStringWriter out = new SegmentedStringWriter(FACTORY._getBufferRecycler());
    try {
      write(e, out);
      return out.getAndClear();
    } catch (IOException err) {
      throw new EncodeException("could not encode event " + e.id(), err);
    }
  }

  private static void write(Envelope e, SegmentedStringWriter out) throws IOException {
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("id", e.id());
      if (e.room() != null) {
        g.writeStringField("room", e.room());
      }
      g.writeStringField("type", e.type());
      if (e.user() != null) {
        g.writeStringField("user", e.user());
      }
      if (e.connection() != null) {
        g.writeStringField("connection", e.connection());
      }
      g.writeFieldName("data");
      if (e.data() == null) {
        g.writeStartObject();
        g.writeEndObject();
      } else {
        JacksonCodec.encodeJson(e.data(), g);
      }
      g.writeStringField("ts", DateTimeFormatter.ISO_INSTANT.format(e.ts()));
      if (e.html() != null) {
        g.writeStringField("html", e.html());
      }
      g.writeEndObject();
    }
  }

  /** The whole envelope's JSON: {@code unplaced} text with the event's position, if it has one. */
  public static String placed(String unplaced, Envelope e) {
    if (e.seq() == null) {
      return unplaced;
    }
    StringBuilder b = new StringBuilder(unplaced.length() + 48);
    b.append(unplaced, 0, unplaced.length() - 1).append(",\"seq\":").append(e.seq());
    if (e.epoch() != null) {
      // epochs are [A-Za-z0-9_-] (Epochs): nothing to escape
      b.append(",\"epoch\":\"").append(e.epoch()).append('"');
    }
    return b.append('}').toString();
  }

  /** The whole envelope's JSON. */
  public static String of(Envelope e) {
    return placed(unplaced(e), e);
  }
}
