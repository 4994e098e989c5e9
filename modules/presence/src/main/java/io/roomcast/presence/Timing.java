package io.roomcast.presence;

import io.roomcast.core.config.PresenceConfig;
import java.io.Serializable;

/** The durations the room rules need, shipped inside entry processors. */
record Timing(long graceMs, long typingMs) implements Serializable {
  static Timing of(PresenceConfig config) {
    return new Timing(config.offlineGraceSeconds() * 1000L, config.typingSeconds() * 1000L);
  }
}
