package io.roomcast.server;

import io.roomcast.core.auth.Authenticator;
import io.roomcast.core.config.AuthConfig;
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
   * @param auth the auth section to run with: the configured one, its missing secrets filled
   */
  public record Outcome(
      boolean generated, boolean generatedHere, String demoToken, AuthConfig auth) {}

  private DevSecrets() {}

  /** The secrets {@code auth} lacks, agreed with the cluster; configured values always win. */
  static Future<Outcome> ensure(Vertx vertx, AuthConfig auth) {
    boolean missing = auth.hmac() && auth.jwtSecret() == null || auth.apiKey() == null;
    if (!missing) {
      return Future.succeededFuture(new Outcome(false, false, null, auth));
    }
    JsonObject mine =
        new JsonObject()
            .put("jwtSecret", orRandom(auth.jwtSecret(), 32))
            .put("apiKey", orRandom(auth.apiKey(), 24));
    return vertx
        .sharedData()
        .<String, String>getClusterWideMap(MAP)
        .compose(map -> agree(map, mine.encode()))
        .map(
            agreed -> {
              JsonObject secrets = new JsonObject(agreed);
              AuthConfig filled =
                  auth.withSecrets(secrets.getString("jwtSecret"), secrets.getString("apiKey"));
              return new Outcome(
                  true,
                  agreed.equals(mine.encode()),
                  filled.hmac() ? demoToken(vertx, filled) : null,
                  filled);
            });
  }

  /** A day-long token for user {@code demo} on every room (HS256 only: RS256 has no key here). */
  private static String demoToken(Vertx vertx, AuthConfig auth) {
    return new Authenticator(vertx, auth)
        .issue("demo", List.of("*"), List.of("*"), Duration.ofHours(24));
  }

  private static Future<String> agree(AsyncMap<String, String> map, String mine) {
    return map.putIfAbsent("secrets", mine).map(existing -> existing == null ? mine : existing);
  }

  private static String orRandom(String value, int bytes) {
    if (value != null) {
      return value;
    }
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
