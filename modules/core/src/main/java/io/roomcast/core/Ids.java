package io.roomcast.core;

import java.util.regex.Pattern;

/** Validation of the identifiers that become parts of bus addresses. */
public final class Ids {
  /**
   * The one room-id rule, on every door: 1–128 chars of {@code [A-Za-z0-9_.:-]}, without {@code
   * ..}, and not ending in {@code :} (that names a namespace, as in {@code support:*}).
   */
  public static final String ROOM_CHARS = "[A-Za-z0-9_.:-]{1,128}";

  /** User and connection ids share the room charset plus {@code @}. */
  public static final String USER_CHARS = "[A-Za-z0-9_.:@-]{1,128}";

  private static final Pattern ROOM = Pattern.compile(ROOM_CHARS);
  private static final Pattern USER = Pattern.compile(USER_CHARS);

  /** Event types: a safe charset, at most 64 chars, so they can go into SSE fields as-is. */
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  private Ids() {}

  public static boolean isRoom(String s) {
    return isRoomPrefix(s) && !s.endsWith(":");
  }

  /** The start of room ids, as wildcard patterns name it: {@code support:} in {@code support:*}. */
  public static boolean isRoomPrefix(String s) {
    return s != null && ROOM.matcher(s).matches() && !s.contains("..");
  }

  public static boolean isUser(String s) {
    return s != null && USER.matcher(s).matches() && !s.contains("..");
  }

  public static boolean isType(String s) {
    return s != null && TYPE.matcher(s).matches();
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

  public static String requireType(String s) {
    if (!isType(s)) {
      throw ErrorCode.INVALID_TYPE.exception("type must be 1-64 chars of [A-Za-z0-9_.:-]");
    }
    return s;
  }
}
