package io.roomcast.core.relay;

/**
 * The active Redis relay's answer on {@code Addresses.RELAY_STATUS}: which node relays, whether
 * Redis answered a PING just now, and what the relay has counted since it became active.
 *
 * @param state {@code connected} (PING answered) or {@code down} (reconnecting)
 * @param pingMs round trip of the PING, null when down
 * @param lastError the last Redis failure, null if none since the relay became active
 * @param invalid inbound messages refused (bad JSON, bad ids, built-in types)
 * @param dropped outbound events not mirrored because Redis was unreachable
 */
public record RelayStatus(
    String node,
    String origin,
    String mode,
    String state,
    Long pingMs,
    String lastError,
    long inbound,
    long outbound,
    long invalid,
    long dropped,
    long reconnects) {
  public static final String CONNECTED = "connected";
  public static final String DOWN = "down";

  public boolean connected() {
    return CONNECTED.equals(state);
  }
}
