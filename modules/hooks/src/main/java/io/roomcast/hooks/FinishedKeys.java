package io.roomcast.hooks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent entries a member finished (delivered, given up, dropped), so that an entry-added
 * event or a scan snapshot arriving late does not start them again.
 */
final class FinishedKeys {
  private final Map<String, Boolean> keys;

  FinishedKeys(int remembered) {
    this.keys =
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > remembered;
          }
        };
  }

  void add(String key) {
    keys.put(key, Boolean.TRUE);
  }

  boolean contains(String key) {
    return keys.containsKey(key);
  }
}
