package io.roomcast.core.history;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A history's epoch names one lifetime of a room's seqs: a store that loses a room's history (a
 * restart of an in-memory store, trimming by age) starts it again under a fresh epoch, so a client
 * resuming from an old seq learns it cannot continue.
 */
public final class Epochs {
  private static final Pattern EPOCH = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private Epochs() {}

  /**
   * A fresh epoch: 16 random hex digits, so a restarted store never reuses one. Not a secret, so
   * not from {@code SecureRandom} (the Redis store draws one for every append, used only when the
   * room's stream is new).
   */
  public static String next() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  /** Whether a client-supplied epoch is well-formed (any store's epochs are). */
  public static boolean isEpoch(String value) {
    return value != null && EPOCH.matcher(value).matches();
  }
}
