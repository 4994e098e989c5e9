package io.roomcast.server;

import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.config.RoomcastConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * Development secrets for a cluster started without {@code ROOMCAST_JWT_SECRET} / {@code
 * ROOMCAST_API_KEY}: the first node generates random ones and stores them in the cluster (memory
 * only), so every node of the cluster accepts the same tokens. Nothing is written to disk.
 */
public final class DevSecrets {
  private static final String MAP = "roomcast.dev";
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * @param generatedHere true on the one node that created the secrets (it logs them, once)
   * @param demoToken a token for user {@code demo} on every room, for the README walkthrough, only
   *     when the secrets were generated (a configured secret's tokens are the operator's); null
   *     with RS256
   */
  public record Outcome(boolean generated, boolean generatedHere, String demoToken) {}

  private DevSecrets() {}

  /** Fills {@code auth.jwtSecret} and {@code auth.apiKey} of {@code config} when missing. */
  static Future<Outcome> ensure(Vertx vertx, JsonObject config) {
    JsonObject auth = config.getJsonObject("auth");
    if (auth == null) {
      auth = new JsonObject();
      config.put("auth", auth);
    }
    JsonObject section = auth;
    boolean hmac = !"RS256".equals(section.getString("algorithm"));
    boolean missing =
        hmac && blank(section.getString("jwtSecret")) || blank(section.getString("apiKey"));
    Future<Boolean> filled = missing ? fromCluster(vertx, section) : Future.succeededFuture(false);
    return filled.map(
        generatedHere ->
            new Outcome(missing, generatedHere, hmac && missing ? demoToken(vertx, config) : null));
  }

  /** A day-long token for user {@code demo} on every room (HS256 only: RS256 has no key here). */
  private static String demoToken(Vertx vertx, JsonObject config) {
    return new Authenticator(vertx, RoomcastConfig.from(config).auth())
        .issue("demo", List.of("*"), List.of("*"), Duration.ofHours(24));
  }

  private static Future<Boolean> fromCluster(Vertx vertx, JsonObject auth) {
    JsonObject mine =
        new JsonObject()
            .put("jwtSecret", orRandom(auth.getString("jwtSecret"), 32))
            .put("apiKey", orRandom(auth.getString("apiKey"), 24));
    return vertx
        .sharedData()
        .<String, String>getClusterWideMap(MAP)
        .compose(map -> agree(map, mine.encode()))
        .map(
            agreed -> {
              JsonObject secrets = new JsonObject(agreed);
              for (String key : List.of("jwtSecret", "apiKey")) {
                if (blank(auth.getString(key))) { // configured values always win
                  auth.put(key, secrets.getString(key));
                }
              }
              return agreed.equals(mine.encode());
            });
  }

  private static Future<String> agree(AsyncMap<String, String> map, String mine) {
    return map.putIfAbsent("secrets", mine).map(existing -> existing == null ? mine : existing);
  }

  private static String orRandom(String value, int bytes) {
    if (!blank(value)) {
      return value;
    }
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
