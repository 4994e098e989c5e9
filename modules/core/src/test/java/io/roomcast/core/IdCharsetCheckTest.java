package io.roomcast.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written id checks accept exactly what the documented patterns accept. */
class IdCharsetCheckTest {
  private static final Pattern ROOM = Pattern.compile(Ids.ROOM_CHARS);
  private static final Pattern USER = Pattern.compile(Ids.USER_CHARS);
  private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

  /** Mostly charset characters, with the edge cases the rules name and some outside it. */
  private static final String ALPHABET = "aZ09_.:-@ .:/é\u0000\uD83D\uDE00*";

  private static boolean regexRoomPrefix(String s) {
    return ROOM.matcher(s).matches() && !s.contains("..");
  }

  private static boolean regexRoom(String s) {
    return regexRoomPrefix(s) && !s.endsWith(":");
  }

  private static boolean regexUser(String s) {
    return USER.matcher(s).matches() && !s.contains("..");
  }

  private static String random(SplittableRandom random) {
    int length = random.nextInt(8) == 0 ? 60 + random.nextInt(80) : random.nextInt(12);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append(
          random.nextInt(4) == 0
              ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
              : (char) ('a' + random.nextInt(26)));
    }
    return b.toString();
  }

  @Test
  void random_strings_get_the_same_verdict_as_the_patterns() {
    SplittableRandom random = new SplittableRandom(20261202L);
    int accepted = 0;
    for (int i = 0; i < 200_000; i++) {
      String s = random(random);
      assertEquals(regexRoom(s), Ids.isRoom(s), () -> "isRoom(" + s + ")");
      assertEquals(regexRoomPrefix(s), Ids.isRoomPrefix(s), () -> "isRoomPrefix(" + s + ")");
      assertEquals(regexUser(s), Ids.isUser(s), () -> "isUser(" + s + ")");
      assertEquals(TYPE.matcher(s).matches(), Ids.isType(s), () -> "isType(" + s + ")");
      if (Ids.isRoom(s)) {
        accepted++;
      }
    }
    assertTrue(accepted > 10_000, "the sample should hold many valid ids, had " + accepted);
  }

  @Test
  void lengths_at_and_past_each_limit_are_judged_like_the_patterns() {
    for (int n = 0; n <= 130; n++) {
      String s = "a".repeat(n);
      assertEquals(regexRoom(s), Ids.isRoom(s), "room of length " + n);
      assertEquals(regexUser(s), Ids.isUser(s), "user of length " + n);
      assertEquals(TYPE.matcher(s).matches(), Ids.isType(s), "type of length " + n);
    }
  }

  @Test
  void the_named_edge_cases_hold() {
    assertTrue(Ids.isRoom("support:billing.eu-1_a"));
    assertFalse(Ids.isRoom("support:"));
    assertTrue(Ids.isRoomPrefix("support:"));
    assertFalse(Ids.isRoom("a..b"));
    assertFalse(Ids.isUser("a..b"));
    assertTrue(Ids.isType("a..b"));
    assertTrue(Ids.isUser("alice@example.com"));
    assertFalse(Ids.isRoom("alice@example.com"));
    assertFalse(Ids.isRoom(null));
    assertFalse(Ids.isUser(""));
    assertFalse(Ids.isType("typing start"));
  }
}
