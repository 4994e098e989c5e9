package io.roomcast.core.auth;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.config.RoomcastConfig.AuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns bearer credentials into an {@link Identity}: JWTs for browsers and users (HS256 or RS256,
 * pinned by config, with {@code exp}/{@code nbf}/{@code iss}/{@code aud} checked within a bounded
 * clock skew), the API key for backend services. Failures are {@link RoomcastException}s with
 * {@code unauthorized} or {@code token_expired}.
 */
public final class Authenticator {
  private final JWTAuth jwt;
  private final String algorithm;
  private final boolean canIssue;
  private final byte[] apiKey;

  public Authenticator(Vertx vertx, AuthConfig config) {
    this.algorithm = config.algorithm();
    JWTOptions checks = new JWTOptions().setAlgorithm(algorithm).setLeeway(config.leewaySeconds());
    if (config.issuer() != null) {
      checks.setIssuer(config.issuer());
    }
    if (config.audience() != null) {
      checks.setAudience(List.of(config.audience()));
    }
    JWTAuthOptions options = new JWTAuthOptions().setJWTOptions(checks);
    if (config.hmac()) {
      options.addPubSecKey(
          new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(config.jwtSecret()));
    } else {
      Keys.rsa(config).forEach(k -> addRsa(options, k));
    }
    this.jwt = JWTAuth.create(vertx, options);
    this.canIssue = config.hmac();
    this.apiKey = config.apiKey().getBytes(StandardCharsets.UTF_8);
  }

  /** HS256 with a shared secret: the embedded default, and what tests use. */
  public Authenticator(Vertx vertx, String jwtSecret, String apiKey, int leewaySeconds) {
    this(vertx, new AuthConfig("HS256", jwtSecret, null, null, null, null, leewaySeconds, apiKey));
  }

  private static void addRsa(JWTAuthOptions options, Object key) {
    if (key instanceof JsonObject jwk) {
      options.addJwk(jwk);
    } else {
      options.addPubSecKey(new PubSecKeyOptions().setAlgorithm("RS256").setBuffer((String) key));
    }
  }

  /** The bearer credential of a request: {@code Authorization: Bearer …} or {@code ?token=}. */
  public static String bearer(HttpServerRequest request) {
    String header = request.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return header.substring(7).trim();
    }
    return request.getParam("token");
  }

  /** Browsers and users: a JWT only. */
  public Future<Identity> user(String token) {
    if (token == null || token.isEmpty()) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("a token is required"));
    }
    if (!algorithm.equals(Keys.headerAlgorithm(token))) {
      return Future.failedFuture(
          ErrorCode.UNAUTHORIZED.exception("invalid token: algorithm must be " + algorithm));
    }
    return jwt.authenticate(new TokenCredentials(token))
        .recover(
            err -> {
              String m = String.valueOf(err.getMessage());
              return Future.failedFuture(
                  m.contains("xpired")
                      ? ErrorCode.TOKEN_EXPIRED.exception("token expired: get a new token")
                      : ErrorCode.UNAUTHORIZED.exception("invalid token"));
            })
        .compose(u -> Future.succeededFuture(identityOf(claims(u))));
  }

  /** Backends: the API key, or a user JWT (whose claims then limit what it may do). */
  public Future<Identity> backend(String credential) {
    if (credential != null
        && MessageDigest.isEqual(credential.getBytes(StandardCharsets.UTF_8), apiKey)) {
      return Future.succeededFuture(Identity.forService());
    }
    return user(credential);
  }

  /**
   * Issues a user token (the demo token logged at start-up, tokens in tests). Only with HS256: with
   * RS256 the private key stays with whoever issues tokens, never on the hub.
   */
  public String issue(String user, List<String> rooms, List<String> pub, Duration ttl) {
    if (!canIssue) {
      throw new IllegalStateException("tokens can only be issued with HS256");
    }
    JsonObject claims =
        new JsonObject()
            .put("sub", user)
            .put("rooms", new JsonArray(rooms))
            .put("pub", new JsonArray(pub));
    return jwt.generateToken(
        claims,
        new JWTOptions().setAlgorithm(algorithm).setExpiresInSeconds((int) ttl.toSeconds()));
  }

  /** The token's payload: vertx-auth keeps {@code exp} and friends beside the principal. */
  private static JsonObject claims(User u) {
    JsonObject token = u.attributes().getJsonObject("accessToken");
    JsonObject claims = token != null ? token.copy() : u.principal().copy();
    if (!claims.containsKey("exp") && u.attributes().containsKey("exp")) {
      claims.put("exp", u.attributes().getValue("exp"));
    }
    return claims;
  }

  /** The identity of verified claims (a token's payload, or a principal a socket kept). */
  public static Identity identityOf(JsonObject claims) {
    String sub = claims.getString("sub");
    if (!Ids.isUser(sub)) {
      throw ErrorCode.UNAUTHORIZED.exception("token 'sub' must be a valid user id");
    }
    Object exp = claims.getValue("exp");
    if (!(exp instanceof Number expSeconds)) {
      throw ErrorCode.UNAUTHORIZED.exception("token must carry 'exp'");
    }
    return new Identity(
        sub,
        patterns(claims, "rooms"),
        patterns(claims, "pub"),
        false,
        Instant.ofEpochSecond(expSeconds.longValue()));
  }

  private static List<String> patterns(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray arr)) {
      throw ErrorCode.UNAUTHORIZED.exception("token '" + name + "' must be an array");
    }
    List<String> out = new ArrayList<>(arr.size());
    for (Object o : arr) {
      if (!(o instanceof String p) || !RoomPatterns.isValid(p)) {
        throw ErrorCode.UNAUTHORIZED.exception("token '" + name + "' has an invalid pattern");
      }
      out.add(p);
    }
    return List.copyOf(out);
  }
}
