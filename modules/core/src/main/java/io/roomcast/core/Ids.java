package io.roomcast.core;

/**
 * Validation of the identifiers that become parts of bus addresses. The checks run on every
 * publish, so they are plain loops over the characters rather than regular expressions; {@link
 * #ROOM_CHARS} and {@link #USER_CHARS} state the same rules as patterns for other uses.
 */
public final class Ids {
  /**
   * The one room-id rule, on every door: 1–128 chars of {@code [A-Za-z0-9_.:-]}, without {@code
   * ..}, and not ending in {@code :} (that names a namespace, as in {@code support:*}).
   */
  public static final String ROOM_CHARS = "[A-Za-z0-9_.:-]{1,128}";

  /** User and connection ids share the room charset plus {@code @}. */
  public static final String USER_CHARS = "[A-Za-z0-9_.:@-]{1,128}";

  /** Client-chosen connection ids ({@code ?cid=}): the room charset, at most 64 chars. */
  public static final String CID_CHARS = "[A-Za-z0-9_.:-]{1,64}";

  private static final int MAX_ID = 128;

  private static final int MAX_CID = 64;

  /** Event types: a safe charset, at most 64 chars, so they can go into SSE fields as-is. */
  private static final int MAX_TYPE = 64;

  private Ids() {}

  public static boolean isRoom(String s) {
    return isRoomPrefix(s) && s.charAt(s.length() - 1) != ':';
  }

  /** The start of room ids, as wildcard patterns name it: {@code support:} in {@code support:*}. */
  public static boolean isRoomPrefix(String s) {
    return safe(s, MAX_ID, false, true);
  }

  public static boolean isUser(String s) {
    return safe(s, MAX_ID, true, true);
  }

  /** A connection id chosen by the client: 1–64 chars of {@code [A-Za-z0-9_.:-]}. */
  public static boolean isCid(String s) {
    return safe(s, MAX_CID, false, false);
  }

  public static boolean isType(String s) {
    return safe(s, MAX_TYPE, false, false);
  }

  /**
   * Whether {@code s} is 1–{@code max} chars of {@code [A-Za-z0-9_.:-]} (plus {@code @} when {@code
   * at}), and, when {@code noDoubleDot}, has no {@code ..}.
   */
  private static boolean safe(String s, int max, boolean at, boolean noDoubleDot) {
    if (s == null) {
      return false;
    }
    int n = s.length();
    if (n == 0 || n > max) {
      return false;
    }
    char previous = 0;
    for (int i = 0; i < n; i++) {
      char ch = s.charAt(i);
      boolean ok =
          (ch >= 'a' && ch <= 'z')
              || (ch >= 'A' && ch <= 'Z')
              || (ch >= '0' && ch <= '9')
              || ch == '_'
              || ch == '.'
              || ch == ':'
              || ch == '-'
              || (at && ch == '@');
      if (!ok || (noDoubleDot && ch == '.' && previous == '.')) {
        return false;
      }
      previous = ch;
    }
    return true;
  }

  public static String requireRoom(String s) {
    if (!isRoom(s)) {
      throw ErrorCode.INVALID_ROOM.exception(
          "room id must be 1-128 chars of [A-Za-z0-9_.:-], without '..', not ending in ':'");
    }
    return s;
  }

  public static String requireUser(String s) {
    if (!isUser(s)) {
      throw ErrorCode.INVALID_USER.exception(
          "user id must be 1-128 chars of [A-Za-z0-9_.:@-] without '..'");
    }
    return s;
  }

  public static String requireCid(String s) {
    if (!isCid(s)) {
      throw ErrorCode.INVALID_REQUEST.exception("cid must be 1-64 chars of [A-Za-z0-9_.:-]");
    }
    return s;
  }

  public static String requireType(String s) {
    if (!isType(s)) {
      throw ErrorCode.INVALID_TYPE.exception("type must be 1-64 chars of [A-Za-z0-9_.:-]");
    }
    return s;
  }
}
