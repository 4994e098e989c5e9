package io.roomcast.core.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** Typed, validating reads of one config section; every failure names the full key. */
public final class ConfigReader {
  private final JsonObject json;
  private final String section;

  public ConfigReader(JsonObject root, String section) {
    Object value = root.getValue(section);
    if (value != null && !(value instanceof JsonObject)) {
      throw new ConfigException(section, "must be an object");
    }
    this.json = value == null ? new JsonObject() : (JsonObject) value;
    this.section = section;
  }

  private String key(String name) {
    return section + "." + name;
  }

  public int intValue(String name, int def, int min, int max) {
    Object v = json.getValue(name);
    if (v == null) {
      return def;
    }
    long n;
    if (v instanceof Number num && num.doubleValue() == Math.rint(num.doubleValue())) {
      n = num.longValue();
    } else if (v instanceof String s && s.trim().matches("-?\\d{1,18}")) {
      n = Long.parseLong(s.trim());
    } else {
      throw new ConfigException(key(name), "must be an integer (got " + v + ")");
    }
    if (n < min || n > max) {
      throw new ConfigException(key(name), "must be between " + min + " and " + max);
    }
    return (int) n;
  }

  public String string(String name, String def) {
    Object v = json.getValue(name);
    if (v == null) {
      return def;
    }
    if (!(v instanceof String s)) {
      throw new ConfigException(key(name), "must be a string");
    }
    return s.isBlank() ? def : s;
  }

  public boolean bool(String name, boolean def) {
    Object v = json.getValue(name);
    if (v == null) {
      return def;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new ConfigException(key(name), "must be true or false");
  }

  /** A list given as a JSON array of strings or as one comma-separated string. */
  public List<String> list(String name, List<String> def) {
    Object v = json.getValue(name);
    if (v == null) {
      return def;
    }
    List<String> out = new ArrayList<>();
    if (v instanceof String s) {
      for (String part : s.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    } else if (v instanceof JsonArray arr) {
      for (Object o : arr) {
        if (!(o instanceof String s)) {
          throw new ConfigException(key(name), "must be a list of strings");
        }
        out.add(s);
      }
    } else {
      throw new ConfigException(key(name), "must be a list of strings or a comma-separated string");
    }
    return List.copyOf(out);
  }
}
