package io.roomcast.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Hand-made JWTs for tests, including the malformed and hostile ones a library will not make. */
public final class Jwts {
  private Jwts() {}

  public static long now() {
    return System.currentTimeMillis() / 1000;
  }

  /** Claims of a valid user token: {@code sub}, {@code rooms}, {@code pub}, {@code exp}. */
  public static JsonObject claims(String user, List<String> rooms, List<String> pub) {
    return new JsonObject()
        .put("sub", user)
        .put("rooms", new JsonArray(rooms))
        .put("pub", new JsonArray(pub))
        .put("exp", now() + 600);
  }

  public static String b64(byte[] b) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** {@code header.payload} with the given {@code alg}, unsigned. */
  public static String unsigned(String alg, JsonObject claims) {
    return b64(("{\"alg\":\"" + alg + "\",\"typ\":\"JWT\"}").getBytes(StandardCharsets.UTF_8))
        + "."
        + b64(claims.encode().getBytes(StandardCharsets.UTF_8));
  }

  /** An {@code alg: none} token. */
  public static String none(JsonObject claims) {
    return unsigned("none", claims) + ".";
  }

  public static String hs256(JsonObject claims, String secret) {
    try {
      String input = unsigned("HS256", claims);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String rs256(JsonObject claims, PrivateKey key) {
    try {
      String input = unsigned("RS256", claims);
      Signature sig = Signature.getInstance("SHA256withRSA");
      sig.initSign(key);
      sig.update(input.getBytes(StandardCharsets.UTF_8));
      return input + "." + b64(sig.sign());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
