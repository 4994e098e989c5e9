package io.roomcast.core.auth;

import io.roomcast.core.config.AuthConfig;
import io.roomcast.core.config.ConfigException;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Verification keys from config, read once at start-up, and the JOSE header of a token. */
final class Keys {
  private Keys() {}

  /** RS256 keys: PEM strings and JWK objects. Non-RSA JWKs are refused, never silently used. */
  static List<Object> rsa(AuthConfig config) {
    List<Object> keys = new ArrayList<>();
    if (config.publicKey() != null) {
      keys.add(pem(config.publicKey()));
    }
    if (config.jwksFile() != null) {
      keys.addAll(jwks(config.jwksFile()));
    }
    return keys;
  }

  private static String pem(String value) {
    String pem = value.startsWith("@") ? read("auth.publicKey", value.substring(1)) : value;
    if (!pem.contains("-----BEGIN PUBLIC KEY-----")) {
      throw new ConfigException("auth.publicKey", "must be a PEM public key (BEGIN PUBLIC KEY)");
    }
    return pem;
  }

  private static List<JsonObject> jwks(String path) {
    JsonArray keys;
    try {
      keys = new JsonObject(read("auth.jwksFile", path)).getJsonArray("keys");
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException("auth.jwksFile", path + " is not a JWKS document");
    }
    if (keys == null || keys.isEmpty()) {
      throw new ConfigException("auth.jwksFile", path + " has no keys");
    }
    List<JsonObject> out = new ArrayList<>();
    for (Object k : keys) {
      if (!(k instanceof JsonObject jwk) || !"RSA".equals(jwk.getString("kty"))) {
        throw new ConfigException("auth.jwksFile", "only RSA keys are accepted");
      }
      String alg = jwk.getString("alg", "RS256");
      if (!alg.equals("RS256")) {
        throw new ConfigException("auth.jwksFile", "key '" + jwk.getString("kid") + "' is " + alg);
      }
      out.add(jwk.copy().put("alg", "RS256"));
    }
    return out;
  }

  private static String read(String key, String path) {
    try {
      return Files.readString(Path.of(path));
    } catch (IOException e) {
      throw new ConfigException(key, "cannot read " + path + ": " + e.getMessage());
    }
  }

  /** The {@code alg} of a compact JWS header, or null when the token is not one. */
  static String headerAlgorithm(String token) {
    int dot = token.indexOf('.');
    if (dot <= 0) {
      return null;
    }
    try {
      byte[] header = Base64.getUrlDecoder().decode(token.substring(0, dot));
      return new JsonObject(new String(header, StandardCharsets.UTF_8)).getString("alg");
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** The payload of a compact JWS, unverified, or null when it is not a JSON object. */
  static JsonObject payload(String token) {
    int first = token.indexOf('.');
    int second = token.indexOf('.', first + 1);
    if (first <= 0 || second <= first) {
      return null;
    }
    try {
      byte[] json = Base64.getUrlDecoder().decode(token.substring(first + 1, second));
      return new JsonObject(new String(json, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
