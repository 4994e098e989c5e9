package io.roomcast.core.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class HookSignatureTest {
  @Test
  void the_signature_is_the_hex_hmac_sha256_of_timestamp_dot_body() {
    // the same computation as: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac secret
    assertEquals(
        "sha256=49f24e537407743fa4a0242bb63b94b9a47ee99cbbe071ccd8a22550ae411686",
        HookSignature.sign("secret", 1700000000L, "{\"a\":1}"));
  }

  @Test
  void another_timestamp_or_body_or_secret_gives_another_signature() {
    String base = HookSignature.sign("a-secret-of-16-chars", 1, "{}");
    assertNotEquals(base, HookSignature.sign("a-secret-of-16-chars", 2, "{}"));
    assertNotEquals(base, HookSignature.sign("a-secret-of-16-chars", 1, "{ }"));
    assertNotEquals(base, HookSignature.sign("another-secret-16ch", 1, "{}"));
  }
}
