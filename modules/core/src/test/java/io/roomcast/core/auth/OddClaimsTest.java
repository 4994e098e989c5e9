package io.roomcast.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.roomcast.testing.Await;
import io.roomcast.testing.Jwts;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tokens signed with the right key whose claims have the wrong JSON type or range. */
class OddClaimsTest {
  private static final String SECRET = "unit-test-secret-0123456789abcdef0123";
  private static Vertx vertx;
  private static Authenticator auth;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    auth = new Authenticator(vertx, SECRET, "unit-test-api-key-0123", 5);
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  private static ErrorCode refusal(JsonObject claims) {
    RoomcastException e =
        assertThrows(
            RoomcastException.class,
            () -> Await.result(auth.user(Jwts.hs256(claims, SECRET))),
            "must be refused: " + claims.encode());
    return e.code();
  }

  private static JsonObject claims() {
    return Jwts.claims("alice", List.of("*"), List.of("*"));
  }

  @Test
  void time_claims_of_the_wrong_type_or_range_are_invalid_tokens() {
    for (Object exp :
        List.of("" + (Jwts.now() + 600), 1e20, -1, Jwts.now() + 0.5, true, new JsonArray())) {
      assertEquals(ErrorCode.INVALID_TOKEN, refusal(claims().put("exp", exp)), "exp " + exp);
    }
    for (String name : List.of("iat", "nbf")) {
      for (Object v : List.of("yesterday", new JsonObject(), 1e300)) {
        assertEquals(ErrorCode.INVALID_TOKEN, refusal(claims().put(name, v)), name + " " + v);
      }
    }
  }

  @Test
  void identity_claims_of_the_wrong_type_are_invalid_tokens() {
    assertEquals(ErrorCode.INVALID_TOKEN, refusal(claims().put("sub", 42)));
    assertEquals(ErrorCode.INVALID_TOKEN, refusal(claims().put("sub", new JsonObject())));
    assertEquals(ErrorCode.INVALID_TOKEN, refusal(claims().put("rooms", "*")));
    assertEquals(ErrorCode.INVALID_TOKEN, refusal(claims().put("rooms", new JsonArray().add(7))));
    assertEquals(ErrorCode.INVALID_TOKEN, refusal(claims().put("pub", new JsonObject())));
  }

  @Test
  void a_token_whose_nbf_lies_ahead_is_not_yet_valid_rather_than_expired() {
    assertEquals(ErrorCode.TOKEN_NOT_YET_VALID, refusal(claims().put("nbf", Jwts.now() + 3600)));
    assertEquals(ErrorCode.TOKEN_EXPIRED, refusal(claims().put("exp", Jwts.now() - 3600)));
  }

  @Test
  void whole_seconds_given_as_a_float_are_still_a_date() {
    String token = Jwts.hs256(claims().put("exp", (double) (Jwts.now() + 600)), SECRET);
    assertEquals("alice", Await.result(auth.user(token)).user());
  }
}
