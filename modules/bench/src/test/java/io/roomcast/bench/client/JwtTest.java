package io.roomcast.bench.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class JwtTest {
  @Test
  void tokens_carry_the_claims_roomcast_reads() {
    String token = Jwt.allRooms("a-secret-that-is-long-enough-for-hs256", "bench-1");
    String[] parts = token.split("\\.");
    assertEquals(3, parts.length);
    JsonObject claims =
        new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    assertEquals("bench-1", claims.getString("sub"));
    assertEquals("*", claims.getJsonArray("rooms").getString(0));
  }

  @Test
  void the_signature_matches_the_well_known_hs256_example() {
    String token =
        Jwt.sign(
            "your-256-bit-secret",
            "{\"sub\":\"1234567890\",\"name\":\"John Doe\",\"iat\":1516239022}");
    assertEquals(
        "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"
            + ".eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
            + ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        token);
  }
}
