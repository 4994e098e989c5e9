package io.roomcast.core.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Wildcard namespaces of a room: every prefix that ends in {@code :} plus the empty prefix (the
 * {@code *} pattern). {@code support:eu:42} belongs to {@code ""}, {@code support:} and {@code
 * support:eu:}. Wildcard subscriptions listen on a namespace address, so events reach them without
 * a consumer per room, and a namespace nobody follows costs no bus traffic.
 */
public final class Namespaces {
  private Namespaces() {}

  public static List<String> of(String room) {
    List<String> out = new ArrayList<>(3);
    out.add("");
    for (int i = room.indexOf(':'); i >= 0; i = room.indexOf(':', i + 1)) {
      out.add(room.substring(0, i + 1));
    }
    return out;
  }

  /** True when a wildcard pattern names a namespace: {@code *} or a prefix ending in {@code :*}. */
  public static boolean isNamespacePattern(String pattern) {
    return pattern.equals("*") || pattern.endsWith(":*");
  }
}
