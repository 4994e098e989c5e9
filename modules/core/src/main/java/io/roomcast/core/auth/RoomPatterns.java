package io.roomcast.core.auth;

import io.roomcast.core.Ids;
import java.util.List;

/**
 * Room patterns as used in the {@code rooms} and {@code pub} claims and in wildcard subscriptions:
 * an exact room id, or a prefix ending in {@code *} ({@code support:*}, {@code *}).
 */
public final class RoomPatterns {
  private RoomPatterns() {}

  public static boolean isWildcard(String pattern) {
    return pattern.endsWith("*");
  }

  /** The part before the trailing {@code *}; the whole id for exact patterns. */
  public static String prefix(String pattern) {
    return isWildcard(pattern) ? pattern.substring(0, pattern.length() - 1) : pattern;
  }

  public static boolean isValid(String pattern) {
    if (pattern == null || pattern.isEmpty()) {
      return false;
    }
    String prefix = prefix(pattern);
    return isWildcard(pattern) ? prefix.isEmpty() || Ids.isRoomPrefix(prefix) : Ids.isRoom(pattern);
  }

  public static boolean matches(String pattern, String room) {
    return isWildcard(pattern) ? room.startsWith(prefix(pattern)) : pattern.equals(room);
  }

  public static boolean anyMatches(List<String> patterns, String room) {
    for (String p : patterns) {
      if (matches(p, room)) {
        return true;
      }
    }
    return false;
  }

  /** True when every room the {@code inner} pattern can match is matched by {@code outer}. */
  public static boolean covers(String outer, String inner) {
    if (!isWildcard(outer)) {
      return outer.equals(inner);
    }
    return prefix(inner).startsWith(prefix(outer));
  }

  /** True when some pattern in the list matches at least one room the given pattern matches. */
  public static boolean overlapsAny(List<String> patterns, String pattern) {
    for (String p : patterns) {
      if (covers(p, pattern) || covers(pattern, p)) {
        return true;
      }
    }
    return false;
  }
}
