package io.roomcast.bench.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HS256 user tokens with roomcast's claims (sub, rooms, pub, exp), for subscribers. */
public final class Jwt {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Jwt() {}

  /** A token for {@code user} allowed into every room ({@code "*"}) for an hour. */
  public static String allRooms(String secret, String user) {
    long exp = System.currentTimeMillis() / 1000 + 3600;
    String claims =
        "{\"sub\":\"" + user + "\",\"rooms\":[\"*\"],\"pub\":[\"*\"],\"exp\":" + exp + "}";
    return sign(secret, claims);
  }

  static String sign(String secret, String claimsJson) {
    String header = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
    String signingInput = header + "." + encode(claimsJson);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sig = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64.encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static String encode(String json) {
    return B64.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}
