package io.roomcast.relay;

import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads stream replies in both RESP3 (maps) and RESP2 (flat arrays) shapes. */
final class StreamEntries {
  /**
   * One stream entry.
   *
   * @param fields null when the entry was deleted while pending
   */
  record Entry(String id, Map<String, String> fields) {}

  private StreamEntries() {}

  /** The entries of {@code stream} in an XREADGROUP reply; empty on a BLOCK timeout (null). */
  static List<Entry> ofRead(Response reply, String stream) {
    if (reply == null) {
      return List.of();
    }
    if (reply.isMap()) {
      return list(reply.get(stream));
    }
    for (Response perStream : reply) {
      if (stream.equals(perStream.get(0).toString())) {
        return list(perStream.get(1));
      }
    }
    return List.of();
  }

  /** XAUTOCLAIM reply: {@code [next cursor, entries, (deleted ids)]}. */
  static String cursorOfClaim(Response reply) {
    return reply.get(0).toString();
  }

  static List<Entry> ofClaim(Response reply) {
    return list(reply.get(1));
  }

  private static List<Entry> list(Response entries) {
    List<Entry> out = new ArrayList<>();
    if (entries == null) {
      return out;
    }
    for (Response e : entries) {
      if (e != null && e.type() == ResponseType.MULTI && e.size() >= 2) {
        out.add(new Entry(e.get(0).toString(), fields(e.get(1))));
      }
    }
    return out;
  }

  private static Map<String, String> fields(Response raw) {
    if (raw == null) {
      return null;
    }
    Map<String, String> out = new HashMap<>();
    if (raw.isMap()) {
      for (String key : raw.getKeys()) {
        out.put(key, raw.get(key).toString());
      }
      return out;
    }
    for (int i = 0; i + 1 < raw.size(); i += 2) {
      out.put(raw.get(i).toString(), raw.get(i + 1).toString());
    }
    return out;
  }
}
