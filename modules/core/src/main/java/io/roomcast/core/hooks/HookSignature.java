package io.roomcast.core.hooks;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How every request roomcast makes to the application's backend is signed: {@code
 * X-Roomcast-Timestamp: <unix seconds>} and {@code X-Roomcast-Signature: sha256=<hex>}, the hex
 * HMAC-SHA256 of {@code "<timestamp>.<body>"} keyed with the receiver's secret. A receiver
 * recomputes it over the raw body and rejects old timestamps against replays.
 */
public final class HookSignature {
  public static final String TIMESTAMP = "X-Roomcast-Timestamp";
  public static final String SIGNATURE = "X-Roomcast-Signature";
  public static final String WEBHOOK_ID = "X-Roomcast-Webhook-Id";

  private static final String ALGORITHM = "HmacSHA256";

  private HookSignature() {}

  /** {@code sha256=<hex>} over {@code "<timestampSeconds>.<body>"}. */
  public static String sign(String secret, long timestampSeconds, String body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
      byte[] digest = mac.doFinal((timestampSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
      return "sha256=" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  /** Puts the timestamp and signature headers for {@code body} on {@code headers}. */
  public static MultiMap signed(
      MultiMap headers, String secret, long timestampSeconds, String body) {
    return headers
        .set(TIMESTAMP, Long.toString(timestampSeconds))
        .set(SIGNATURE, sign(secret, timestampSeconds, body));
  }
}
