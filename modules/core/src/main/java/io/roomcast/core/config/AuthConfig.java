package io.roomcast.core.config;

import io.vertx.core.json.JsonObject;

/**
 * How tokens are checked. The algorithm is pinned: tokens signed with any other ({@code none},
 * HS/RS confusion) are refused.
 *
 * @param algorithm {@code HS256} (shared secret) or {@code RS256} (public key or JWKS file)
 * @param jwtSecret HS256 secret; null means "generate a dev secret at start-up"
 * @param publicKey RS256: PEM public key (the text, or {@code @path} to read a file)
 * @param jwksFile RS256: path of a JWKS file ({@code {"keys":[…]}}); keys must be RSA/RS256
 * @param issuer when set, tokens must carry this {@code iss}
 * @param audience when set, tokens must list this {@code aud}
 * @param leewaySeconds allowed clock skew for {@code exp}/{@code nbf}/{@code iat}
 * @param apiKey backend key; null means "generate one at start-up"
 */
public record AuthConfig(
    String algorithm,
    String jwtSecret,
    String publicKey,
    String jwksFile,
    String issuer,
    String audience,
    int leewaySeconds,
    String apiKey) {
  public static final String DEFAULT_ALGORITHM = "HS256";
  public static final int DEFAULT_LEEWAY_SECONDS = 5;

  public boolean hmac() {
    return algorithm.equals("HS256");
  }

  /** This config with {@code jwtSecret} and {@code apiKey} filled where they were not set. */
  public AuthConfig withSecrets(String jwtSecret, String apiKey) {
    return new AuthConfig(
        algorithm,
        this.jwtSecret == null ? jwtSecret : this.jwtSecret,
        publicKey,
        jwksFile,
        issuer,
        audience,
        leewaySeconds,
        this.apiKey == null ? apiKey : this.apiKey);
  }

  static AuthConfig from(JsonObject root) {
    ConfigReader r = new ConfigReader(root, "auth");
    String algorithm = r.string("algorithm", DEFAULT_ALGORITHM);
    if (!algorithm.equals("HS256") && !algorithm.equals("RS256")) {
      throw new ConfigException("auth.algorithm", "must be HS256 or RS256");
    }
    String secret = r.string("jwtSecret", null);
    if (secret != null && secret.length() < 32) {
      throw new ConfigException("auth.jwtSecret", "must be at least 32 characters");
    }
    String publicKey = r.string("publicKey", null);
    String jwks = r.string("jwksFile", null);
    if (algorithm.equals("RS256") && publicKey == null && jwks == null) {
      throw new ConfigException("auth.publicKey", "RS256 needs auth.publicKey or auth.jwksFile");
    }
    String key = r.string("apiKey", null);
    if (key != null && key.length() < 16) {
      throw new ConfigException("auth.apiKey", "must be at least 16 characters");
    }
    return new AuthConfig(
        algorithm,
        secret,
        publicKey,
        jwks,
        r.string("issuer", null),
        r.string("audience", null),
        r.intValue("leewaySeconds", DEFAULT_LEEWAY_SECONDS, 0, 300),
        key);
  }
}
