package io.roomcast.core.config;

/** Invalid configuration; the message names the key so the operator can fix it. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String key, String problem) {
    super("config key '" + key + "': " + problem);
  }
}
