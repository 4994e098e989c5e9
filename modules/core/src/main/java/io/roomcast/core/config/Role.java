package io.roomcast.core.config;

/** Which verticles a node deploys. */
public enum Role {
  INGRESS,
  EDGE,
  PRESENCE,
  RELAY
}
