package io.roomcast.core.auth;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.Ids;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.config.AuthConfig;
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
 * {@code unauthorized} (no or unverifiable credentials), {@code invalid_token} (signed claims of
 * the wrong type or range), {@code token_expired} or {@code token_not_yet_valid}.
 */
public final class Authenticator {
  private final JWTAuth jwt;
  private final String algorithm;
  private final boolean canIssue;
  private final byte[] apiKey;
  private final int leewaySeconds;

  /** 9999-12-31T23:59:59Z: later dates in a token are not dates. */
  private static final long MAX_EPOCH_SECONDS = 253_402_300_799L;

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
    this.leewaySeconds = config.leewaySeconds();
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
    JsonObject payload = Keys.payload(token);
    if (payload == null) {
      return Future.failedFuture(ErrorCode.UNAUTHORIZED.exception("invalid token"));
    }
    Future<User> verified;
    try {
      // the time claims are checked for type and range first: the JWT library reads them as longs
      checkTimeClaims(payload);
      verified = jwt.authenticate(new TokenCredentials(token));
    } catch (RuntimeException e) {
      verified = Future.failedFuture(e);
    }
    return verified
        .recover(err -> Future.failedFuture(refusal(err, payload)))
        .compose(u -> Future.succeededFuture(identityOf(claims(u))));
  }

  /** Why a token was refused: its own code for a token not valid yet, or expired, or invalid. */
  private RoomcastException refusal(Throwable err, JsonObject payload) {
    if (err instanceof RoomcastException re) {
      return re;
    }
    if (!String.valueOf(err.getMessage()).contains("xpired")) {
      return ErrorCode.UNAUTHORIZED.exception("invalid token");
    }
    // the library reports a future nbf as expired too
    Object nbf = payload.getValue("nbf");
    if (nbf instanceof Number n && n.longValue() > Instant.now().getEpochSecond() + leewaySeconds) {
      return ErrorCode.TOKEN_NOT_YET_VALID.exception("token not valid yet (nbf): check the clocks");
    }
    return ErrorCode.TOKEN_EXPIRED.exception("token expired: get a new token");
  }

  /** {@code exp} (required), {@code nbf} and {@code iat}: whole seconds within the calendar. */
  private static void checkTimeClaims(JsonObject payload) {
    if (payload.getValue("exp") == null) {
      throw ErrorCode.INVALID_TOKEN.exception("token must carry 'exp'");
    }
    for (String name : List.of("exp", "nbf", "iat")) {
      Object v = payload.getValue(name);
      if (v != null && epochSeconds(v) == null) {
        throw ErrorCode.INVALID_TOKEN.exception(
            "token '" + name + "' must be a whole number of seconds since 1970");
      }
    }
  }

  /** A NumericDate (RFC 7519 §2) in the range {@link Instant} holds, as whole seconds; or null. */
  private static Long epochSeconds(Object value) {
    if (!(value instanceof Number n)) {
      return null;
    }
    double d = n.doubleValue();
    if (!(d >= 0 && d <= MAX_EPOCH_SECONDS) || d != Math.rint(d)) {
      return null;
    }
    return n.longValue();
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
    if (!(claims.getValue("sub") instanceof String sub) || !Ids.isUser(sub)) {
      throw ErrorCode.INVALID_TOKEN.exception("token 'sub' must be a valid user id");
    }
    Long exp = epochSeconds(claims.getValue("exp"));
    if (exp == null) {
      throw ErrorCode.INVALID_TOKEN.exception("token must carry 'exp' in seconds since 1970");
    }
    return new Identity(
        sub, patterns(claims, "rooms"), patterns(claims, "pub"), false, Instant.ofEpochSecond(exp));
  }

  private static List<String> patterns(JsonObject claims, String name) {
    Object value = claims.getValue(name);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof JsonArray arr)) {
      throw ErrorCode.INVALID_TOKEN.exception("token '" + name + "' must be an array");
    }
    List<String> out = new ArrayList<>(arr.size());
    for (Object o : arr) {
      if (!(o instanceof String p) || !RoomPatterns.isValid(p)) {
        throw ErrorCode.INVALID_TOKEN.exception("token '" + name + "' has an invalid pattern");
      }
      out.add(p);
    }
    return List.copyOf(out);
  }
}
