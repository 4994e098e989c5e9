package io.roomcast.bridge;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Server-assigned connection ids: {@code c-} and 16 random hex digits, unguessable. */
public final class ConnectionIds {
  private static final SecureRandom RANDOM = new SecureRandom();

  private ConnectionIds() {}

  public static String next() {
    byte[] bytes = new byte[8];
    RANDOM.nextBytes(bytes);
    return "c-" + HexFormat.of().formatHex(bytes);
  }
}
