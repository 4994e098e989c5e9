package io.roomcast.core.event;

import java.util.Set;

/** Built-in event types. Every other type (e.g. {@code message}) is durable and gets a seq. */
public final class EventTypes {
  public static final String MESSAGE = "message";
  public static final String TYPING_START = "typing.start";
  public static final String TYPING_STOP = "typing.stop";
  public static final String PRESENCE_ONLINE = "presence.online";
  public static final String PRESENCE_AWAY = "presence.away";
  public static final String PRESENCE_OFFLINE = "presence.offline";
  public static final String READ = "read";
  public static final String JOIN = "join";
  public static final String LEAVE = "leave";

  private static final Set<String> EPHEMERAL =
      Set.of(
          TYPING_START,
          TYPING_STOP,
          PRESENCE_ONLINE,
          PRESENCE_AWAY,
          PRESENCE_OFFLINE,
          READ,
          JOIN,
          LEAVE);

  private EventTypes() {}

  public static boolean isEphemeral(String type) {
    return EPHEMERAL.contains(type);
  }

  public static boolean isDurable(String type) {
    return !EPHEMERAL.contains(type);
  }
}
