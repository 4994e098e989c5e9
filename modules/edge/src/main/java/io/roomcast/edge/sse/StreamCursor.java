package io.roomcast.edge.sse;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.history.Epochs;
import io.roomcast.core.history.StreamPosition;
import io.roomcast.edge.wire.EncodedEvent;
import java.io.ByteArrayOutputStream;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The {@code id:} of a stream that carries several rooms: where the client stands in each of the
 * stream's exact rooms, as one opaque token it hands back as {@code Last-Event-ID}. Sent on every
 * frame that moves it, so it is compact: base64url (no padding) of a version byte, then per room a
 * 6-byte tag (the start of the room id's SHA-256), its epoch (length byte, then ASCII; or, with the
 * high bit set, that many bytes of packed lowercase hex, as stores make epochs) and its seq as an
 * unsigned varint. Rooms are named by tag, so a client that adds or drops rooms keeps the positions
 * of the others. Read as hostile input: anything malformed or oversized is a 400. Runs on the
 * stream's context.
 */
final class StreamCursor {
  private static final byte VERSION = 1;
  private static final int TAG_BYTES = 6;
  private static final int HEX_EPOCH = 0x80;
  private static final int MAX_ENTRY_BYTES = TAG_BYTES + 1 + 64 + 10;
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

  private final Map<String, byte[]> tags = new LinkedHashMap<>();
  private final Map<String, StreamPosition> started = new HashMap<>();
  private final Map<String, StreamPosition> current = new LinkedHashMap<>();
  private String encoded;

  /** A cursor over {@code rooms}, the stream's exact rooms, in the order they are encoded. */
  StreamCursor(List<String> rooms) {
    for (String room : rooms) {
      tags.put(room, tag(room));
    }
  }

  /**
   * The positions a client's cursor names for this stream's rooms (rooms it does not name are
   * absent: they start from now). Null or blank is no cursor at all.
   */
  Map<String, StreamPosition> read(String value) {
    Map<String, StreamPosition> positions = new HashMap<>();
    if (value == null || value.isBlank()) {
      return positions;
    }
    if (value.length() > maxChars()) {
      throw invalid("is too long for this stream's rooms");
    }
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(value.trim());
    } catch (IllegalArgumentException e) {
      throw invalid("is not a cursor of this stream");
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      if (in.get() != VERSION) {
        throw invalid("has an unknown version");
      }
      Map<String, String> byTag = new HashMap<>();
      tags.forEach((room, tag) -> byTag.put(HexFormat.of().formatHex(tag), room));
      Set<String> seen = new HashSet<>();
      while (in.hasRemaining()) {
        byte[] tag = new byte[TAG_BYTES];
        in.get(tag);
        String key = HexFormat.of().formatHex(tag);
        if (!seen.add(key)) {
          throw invalid("names a room twice");
        }
        StreamPosition at = new StreamPosition(epoch(in), seq(in));
        String room = byTag.get(key);
        if (room != null) {
          positions.put(room, at);
        }
      }
    } catch (BufferUnderflowException e) {
      throw invalid("is cut short");
    }
    return positions;
  }

  /** Where the stream starts in {@code room}: what the client held, or the room's position. */
  void start(String room, StreamPosition at) {
    started.put(room, at);
    current.put(room, at);
    encoded = null;
  }

  /** Moves the cursor past a durable event or reset of one of its rooms; false for any other. */
  boolean advance(EncodedEvent frame) {
    String room = frame.room();
    if (!frame.durable() || room == null || !tags.containsKey(room)) {
      return false;
    }
    StreamPosition before = current.get(room);
    String epoch = frame.epoch() != null ? frame.epoch() : before == null ? null : before.epoch();
    current.put(room, new StreamPosition(epoch, frame.seq()));
    encoded = null;
    return true;
  }

  /** The cursor after every frame handed to the stream so far. */
  String current() {
    if (encoded == null) {
      encoded = encode(current);
    }
    return encoded;
  }

  /**
   * The cursor after what reached the socket: {@code lastWritten} gives a room's last durable frame
   * written, null for none (the room then stands where it started).
   */
  String written(Function<String, EncodedEvent> lastWritten) {
    Map<String, StreamPosition> at = new LinkedHashMap<>();
    for (Map.Entry<String, StreamPosition> e : started.entrySet()) {
      EncodedEvent last = lastWritten.apply(e.getKey());
      at.put(
          e.getKey(),
          last == null || !last.durable()
              ? e.getValue()
              : new StreamPosition(
                  last.epoch() != null ? last.epoch() : e.getValue().epoch(), last.seq()));
    }
    return encode(at);
  }

  private String encode(Map<String, StreamPosition> positions) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 + positions.size() * 20);
    out.write(VERSION);
    for (String room : tags.keySet()) {
      StreamPosition p = positions.get(room);
      if (p == null) {
        continue;
      }
      out.writeBytes(tags.get(room));
      writeEpoch(out, p.epoch());
      writeSeq(out, p.seq());
    }
    return ENCODER.encodeToString(out.toByteArray());
  }

  private int maxChars() {
    return (1 + tags.size() * MAX_ENTRY_BYTES) * 4 / 3 + 4;
  }

  private static void writeEpoch(ByteArrayOutputStream out, String epoch) {
    if (epoch == null) {
      out.write(0);
    } else if (packable(epoch)) {
      byte[] packed = HexFormat.of().parseHex(epoch);
      out.write(HEX_EPOCH | packed.length);
      out.writeBytes(packed);
    } else {
      byte[] ascii = epoch.getBytes(StandardCharsets.US_ASCII);
      out.write(ascii.length);
      out.writeBytes(ascii);
    }
  }

  /** Lowercase hex of even length packs into bytes and reads back the same. */
  private static boolean packable(String epoch) {
    if (epoch.length() % 2 != 0 || epoch.length() > 2 * 0x7f) {
      return false;
    }
    for (int i = 0; i < epoch.length(); i++) {
      char c = epoch.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  private static String epoch(ByteBuffer in) {
    int head = in.get() & 0xff;
    if (head == 0) {
      return null;
    }
    String epoch;
    if ((head & HEX_EPOCH) != 0) {
      byte[] packed = new byte[head & ~HEX_EPOCH];
      in.get(packed);
      epoch = HexFormat.of().formatHex(packed);
    } else {
      byte[] ascii = new byte[head];
      in.get(ascii);
      epoch = new String(ascii, StandardCharsets.US_ASCII);
    }
    if (!Epochs.isEpoch(epoch)) {
      throw invalid("holds a malformed epoch");
    }
    return epoch;
  }

  private static void writeSeq(ByteArrayOutputStream out, long seq) {
    long v = seq;
    while ((v & ~0x7fL) != 0) {
      out.write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }

  /** An unsigned LEB128 varint of at most 63 bits (a seq is never negative). */
  private static long seq(ByteBuffer in) {
    long v = 0;
    for (int shift = 0; shift < 63; shift += 7) {
      int b = in.get() & 0xff;
      v |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return v;
      }
    }
    throw invalid("holds a malformed seq");
  }

  private static byte[] tag(String room) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(room.getBytes(StandardCharsets.UTF_8));
      return Arrays.copyOf(digest, TAG_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static RuntimeException invalid(String why) {
    return ErrorCode.INVALID_REQUEST.exception("Last-Event-ID " + why);
  }
}
