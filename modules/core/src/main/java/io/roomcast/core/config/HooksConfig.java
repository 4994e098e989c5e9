package io.roomcast.core.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Calls to the application's backend: webhooks it receives, and the subscribe and connect proxies
 * it answers.
 *
 * @param webhooks where events are sent; empty: no webhooks
 * @param retrySeconds how long a webhook is retried before it is given up; default 3600
 * @param maxPending webhooks waiting in the cluster before the oldest are dropped; default 100,000
 * @param subscribeUrl the subscribe proxy, asked before every subscription; null: none
 * @param connectUrl the connect proxy, asked for a browser that brings no token; null: none
 * @param secret signs subscribe and connect proxy requests; required when either is set
 * @param timeoutMillis how long a proxy may take to answer; default 2000
 * @param cacheSeconds how long a subscribe proxy's {@code allow} is reused; default 0 (never)
 */
public record HooksConfig(
    List<Webhook> webhooks,
    int retrySeconds,
    int maxPending,
    URI subscribeUrl,
    URI connectUrl,
    String secret,
    int timeoutMillis,
    int cacheSeconds) {

  public static final int DEFAULT_RETRY_SECONDS = 3600;
  public static final int DEFAULT_MAX_PENDING = 100_000;
  public static final int DEFAULT_TIMEOUT_MILLIS = 2000;
  public static final int DEFAULT_CACHE_SECONDS = 0;

  /** The webhook event names, in the order the docs list them. */
  public static final List<String> EVENTS =
      List.of(
          "room.occupied",
          "room.vacated",
          "presence.online",
          "presence.offline",
          "user.online",
          "user.offline",
          "message");

  /** Shortest secret accepted for signing. */
  static final int MIN_SECRET_CHARS = 16;

  /**
   * One webhook receiver.
   *
   * @param url where each event is POSTed
   * @param secret the HMAC-SHA256 key of its {@code X-Roomcast-Signature}
   * @param events the event names it gets (a subset of {@link #EVENTS})
   */
  public record Webhook(URI url, String secret, Set<String> events) {
    public boolean wants(String event) {
      return events.contains(event);
    }
  }

  public boolean hasWebhooks() {
    return !webhooks.isEmpty();
  }

  /** Whether some webhook receives {@code event}, so that nothing is built for no receiver. */
  public boolean wants(String event) {
    for (Webhook w : webhooks) {
      if (w.wants(event)) {
        return true;
      }
    }
    return false;
  }

  static HooksConfig from(JsonObject root) {
    ConfigReader r = new ConfigReader(root, "hooks");
    JsonObject section = root.getValue("hooks") instanceof JsonObject j ? j : new JsonObject();
    List<Webhook> webhooks = new ArrayList<>();
    Object list = section.getValue("webhooks");
    if (list != null && !(list instanceof JsonArray)) {
      throw new ConfigException("hooks.webhooks", "must be a list of {url, secret, events}");
    }
    if (list instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        if (!(array.getValue(i) instanceof JsonObject w)) {
          throw new ConfigException(
              "hooks.webhooks[" + i + "]", "must be an object {url, secret, events}");
        }
        webhooks.add(
            webhook(
                new ConfigReader(new JsonObject().put("w", w), "w"), "hooks.webhooks[" + i + "]"));
      }
    }
    // the environment names one webhook: ROOMCAST_WEBHOOK_URL, _SECRET, _EVENTS
    if (r.string("webhookUrl", null) != null) {
      JsonObject one =
          new JsonObject()
              .put("url", section.getValue("webhookUrl"))
              .put("secret", section.getValue("webhookSecret"))
              .put("events", section.getValue("webhookEvents"));
      webhooks.add(webhook(new ConfigReader(new JsonObject().put("w", one), "w"), "hooks.webhook"));
    }
    URI subscribeUrl = url(r.string("subscribeUrl", null), "hooks.subscribeUrl");
    URI connectUrl = url(r.string("connectUrl", null), "hooks.connectUrl");
    String secret = r.string("secret", null);
    if ((subscribeUrl != null || connectUrl != null)) {
      secret(secret, "hooks.secret");
    }
    return new HooksConfig(
        List.copyOf(webhooks),
        r.intValue("retrySeconds", DEFAULT_RETRY_SECONDS, 1, 7 * 24 * 3600),
        r.intValue("maxPending", DEFAULT_MAX_PENDING, 1, 10_000_000),
        subscribeUrl,
        connectUrl,
        secret,
        r.intValue("timeoutMillis", DEFAULT_TIMEOUT_MILLIS, 10, 60_000),
        r.intValue("cacheSeconds", DEFAULT_CACHE_SECONDS, 0, 24 * 3600));
  }

  private static Webhook webhook(ConfigReader w, String key) {
    URI url = url(w.string("url", null), key + ".url");
    if (url == null) {
      throw new ConfigException(key + ".url", "is required");
    }
    String secret = secret(w.string("secret", null), key + ".secret");
    List<String> names = w.list("events", EVENTS);
    Set<String> events = new LinkedHashSet<>();
    for (String name : names) {
      if (!EVENTS.contains(name)) {
        throw new ConfigException(
            key + ".events",
            "unknown event '" + name + "' (known: " + String.join(", ", EVENTS) + ")");
      }
      events.add(name);
    }
    if (events.isEmpty()) {
      throw new ConfigException(key + ".events", "must name at least one event");
    }
    return new Webhook(url, secret, Set.copyOf(events));
  }

  private static String secret(String secret, String key) {
    if (secret == null || secret.length() < MIN_SECRET_CHARS) {
      throw new ConfigException(key, "is required, at least " + MIN_SECRET_CHARS + " characters");
    }
    return secret;
  }

  private static URI url(String value, String key) {
    if (value == null) {
      return null;
    }
    try {
      URI uri = new URI(value.trim());
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new ConfigException(key, "must be an http:// or https:// URL (got " + value + ")");
      }
      return uri;
    } catch (java.net.URISyntaxException e) {
      throw new ConfigException(key, "is not a URL: " + e.getMessage());
    }
  }
}
