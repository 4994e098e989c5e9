package io.roomcast.core;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Server-assigned connection ids: {@code c-<node>.<random>}, where {@code node} is the holding
 * node's bus id (a UUID, base64url) so a push to a connection goes straight to its node, and {@code
 * random} makes the id unguessable.
 */
public final class ConnectionIds {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private ConnectionIds() {}

  public static String next(String nodeId) {
    byte[] random = new byte[8];
    RANDOM.nextBytes(random);
    return "c-" + compact(nodeId) + "." + HexFormat.of().formatHex(random);
  }

  /** The node id a connection id names, or null when it is not one of ours. */
  public static String nodeOf(String connectionId) {
    if (connectionId == null || !connectionId.startsWith("c-")) {
      return null;
    }
    int dot = connectionId.indexOf('.');
    if (dot < 0) {
      return null;
    }
    try {
      ByteBuffer b = ByteBuffer.wrap(Base64.getUrlDecoder().decode(connectionId.substring(2, dot)));
      return b.remaining() == 16 ? new UUID(b.getLong(), b.getLong()).toString() : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String compact(String nodeId) {
    try {
      UUID u = UUID.fromString(nodeId);
      return B64.encodeToString(
          ByteBuffer.allocate(16)
              .putLong(u.getMostSignificantBits())
              .putLong(u.getLeastSignificantBits())
              .array());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("node id is not a UUID: " + nodeId, e);
    }
  }
}
