package io.roomcast.core.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.roomcast.core.ErrorCode;
import io.roomcast.core.RoomcastException;
import io.roomcast.core.config.AuthConfig;
import io.roomcast.core.config.ConfigException;
import io.roomcast.core.config.RoomcastConfig;
import io.roomcast.testing.Await;
import io.roomcast.testing.Jwts;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {
  private static final String SECRET = "unit-test-secret-0123456789abcdef0123";
  private static final String KEY = "unit-test-api-key-0123";
  private static Vertx vertx;
  private static KeyPair rsa;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    rsa = gen.generateKeyPair();
  }

  @AfterAll
  static void stop() {
    Await.result(vertx.close());
  }

  private static long now() {
    return Jwts.now();
  }

  private static JsonObject claims() {
    return Jwts.claims("alice", List.of("support:*"), List.of("support:1"));
  }

  private static String b64(byte[] b) {
    return Jwts.b64(b);
  }

  private static String unsigned(String alg, JsonObject claims) {
    return Jwts.unsigned(alg, claims);
  }

  static String hs256(JsonObject claims, String secret) {
    return Jwts.hs256(claims, secret);
  }

  static String rs256(JsonObject claims) {
    return Jwts.rs256(claims, rsa.getPrivate());
  }

  private static String pem() {
    return "-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(rsa.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----\n";
  }

  private static Authenticator hs(String issuer, String audience) {
    return new Authenticator(
        vertx, new AuthConfig("HS256", SECRET, null, null, issuer, audience, 5, KEY));
  }

  private static ErrorCode refusal(Future<Identity> f) {
    RoomcastException e =
        assertThrows(RoomcastException.class, () -> Await.result(f), "must be refused");
    return e.code();
  }

  @Test
  void a_valid_hs256_token_gives_the_identity_of_its_claims() throws Exception {
    Identity who = Await.result(hs(null, null).user(hs256(claims(), SECRET)));
    assertEquals("alice", who.user());
    assertTrue(who.canSubscribe("support:9"));
    assertTrue(who.canPublish("support:1"));
    assertEquals(false, who.canPublish("support:2"));
  }

  @Test
  void an_expired_token_is_refused_as_expired() throws Exception {
    String token = hs256(claims().put("exp", now() - 60), SECRET);
    assertEquals(ErrorCode.TOKEN_EXPIRED, refusal(hs(null, null).user(token)));
  }

  @Test
  void expiry_within_the_leeway_is_tolerated() throws Exception {
    String token = hs256(claims().put("exp", now() - 2), SECRET);
    assertEquals("alice", Await.result(hs(null, null).user(token)).user());
  }

  @Test
  void a_token_not_yet_valid_is_refused() throws Exception {
    String token = hs256(claims().put("nbf", now() + 600), SECRET);
    refusal(hs(null, null).user(token));
  }

  @Test
  void alg_none_is_refused() {
    String token = unsigned("none", claims()) + ".";
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(hs(null, null).user(token)));
  }

  @Test
  void a_forged_signature_is_refused() throws Exception {
    assertEquals(
        ErrorCode.UNAUTHORIZED,
        refusal(hs(null, null).user(hs256(claims(), "another-secret-0123456789abcdef01"))));
  }

  @Test
  void garbage_is_refused() {
    for (String garbage : List.of("x", "a.b.c", "....", "eyJhbGciOiJIUzI1NiJ9..", "Bearer")) {
      assertEquals(ErrorCode.UNAUTHORIZED, refusal(hs(null, null).user(garbage)), garbage);
    }
  }

  @Test
  void claims_of_the_wrong_shape_are_refused() throws Exception {
    Authenticator auth = hs(null, null);
    refusal(auth.user(hs256(claims().put("rooms", "support:*"), SECRET)));
    refusal(auth.user(hs256(claims().put("rooms", new JsonArray().add("bad room")), SECRET)));
    refusal(auth.user(hs256(claims().put("sub", "a b"), SECRET)));
    JsonObject noExp = claims();
    noExp.remove("exp");
    refusal(auth.user(hs256(noExp, SECRET)));
  }

  @Test
  void issuer_and_audience_are_checked_when_configured() throws Exception {
    Authenticator auth = hs("https://id.example", "roomcast");
    JsonObject good = claims().put("iss", "https://id.example").put("aud", "roomcast");
    assertEquals("alice", Await.result(auth.user(hs256(good, SECRET))).user());
    refusal(auth.user(hs256(good.copy().put("iss", "https://evil.example"), SECRET)));
    refusal(auth.user(hs256(good.copy().put("aud", "other"), SECRET)));
    JsonObject noIss = good.copy();
    noIss.remove("iss");
    refusal(auth.user(hs256(noIss, SECRET)));
  }

  @Test
  void rs256_accepts_tokens_signed_by_the_private_key_of_the_configured_public_key()
      throws Exception {
    Authenticator auth =
        new Authenticator(vertx, new AuthConfig("RS256", null, pem(), null, null, null, 5, KEY));
    assertEquals("alice", Await.result(auth.user(rs256(claims()))).user());
  }

  @Test
  void rs256_refuses_an_hs256_token_made_with_the_public_key_as_secret() throws Exception {
    Authenticator auth =
        new Authenticator(vertx, new AuthConfig("RS256", null, pem(), null, null, null, 5, KEY));
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(auth.user(hs256(claims(), pem()))));
  }

  @Test
  void hs256_refuses_rs256_tokens() throws Exception {
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(hs(null, null).user(rs256(claims()))));
  }

  @Test
  void rs256_keys_can_come_from_a_jwks_file(@TempDir Path dir) throws Exception {
    RSAPublicKey pub = (RSAPublicKey) rsa.getPublic();
    JsonObject jwk =
        new JsonObject()
            .put("kty", "RSA")
            .put("kid", "k1")
            .put("alg", "RS256")
            .put("n", b64(unsigned(pub.getModulus())))
            .put("e", b64(unsigned(pub.getPublicExponent())));
    Path file = dir.resolve("jwks.json");
    Files.writeString(file, new JsonObject().put("keys", new JsonArray().add(jwk)).encode());
    Authenticator auth =
        new Authenticator(
            vertx, new AuthConfig("RS256", null, null, file.toString(), null, null, 5, KEY));
    assertEquals("alice", Await.result(auth.user(rs256(claims()))).user());
  }

  @Test
  void rs256_without_a_key_fails_at_start_up_naming_the_key() {
    JsonObject config = new JsonObject().put("auth", new JsonObject().put("algorithm", "RS256"));
    ConfigException e = assertThrows(ConfigException.class, () -> RoomcastConfig.from(config));
    assertTrue(e.getMessage().contains("auth.publicKey"));
  }

  @Test
  void the_api_key_is_a_service_identity_and_a_wrong_key_is_refused() {
    assertTrue(Await.result(hs(null, null).backend(KEY)).service());
    assertEquals(ErrorCode.UNAUTHORIZED, refusal(hs(null, null).backend(KEY + "x")));
  }

  private static byte[] unsigned(BigInteger n) {
    byte[] b = n.toByteArray();
    return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
  }
}
