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
   * not from {@code SecureRandom}: a Hazelcast append asks for one on every event (it is used when
   * the room's log is new), and a secure draw cost more than the rest of the append's set-up.
   */
  public static String next() {
    return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  /** Whether a client-supplied epoch is well-formed (any store's epochs are). */
  public static boolean isEpoch(String value) {
    return value != null && EPOCH.matcher(value).matches();
  }
}
