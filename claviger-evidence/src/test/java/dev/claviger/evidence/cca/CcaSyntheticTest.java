package dev.claviger.evidence.cca;

import static dev.claviger.evidence.cca.TestTokens.cbor;
import static dev.claviger.evidence.cca.TestTokens.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tokens built with fresh keys: each check of the verifier fails on its own, with its own code. */
class CcaSyntheticTest {
  private final KeyPair cpak = key("secp384r1");
  private final KeyPair rak = key("secp384r1");

  private static KeyPair key(String curve) {
    try {
      return TestTokens.keyPair(curve);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private CcaTrustAnchors anchors() throws Exception {
    return CcaTrustAnchors.of(List.of(cpak.getPublic()));
  }

  private byte[] token(Map<Object, Object> realm, Map<Object, Object> platform) throws Exception {
    return TestTokens.collection399(TestTokens.sign(platform, cpak), TestTokens.sign(realm, rak));
  }

  private byte[] validToken() throws Exception {
    Map<Object, Object> realm = TestTokens.realmClaims((ECPublicKey) rak.getPublic());
    return token(realm, TestTokens.platformClaims((byte[]) realm.get(44237L)));
  }

  private CcaError errorOf(byte[] token) {
    try {
      CcaVerifier.verifyToken(CcaToken.decode(token), anchors());
    } catch (CcaRejectedException e) {
      return e.error();
    } catch (Exception e) {
      throw new AssertionError("unexpected " + e, e);
    }
    throw new AssertionError("token was accepted");
  }

  @Test
  void verifyToken_legacyTag399_accepted() throws Exception {
    JsonNode c = CcaVerifier.verifyToken(CcaToken.decode(validToken()), anchors());
    assertThat(c.at("/platform/cca-platform-lifecycle").asLong()).isEqualTo(0x3003);
    assertThat(c.at("/platform/cca-platform-sw-components/0/measurement-type").asText())
        .isEqualTo("BL");
  }

  @Test
  void verifyToken_profile2023WithCoseKeyRakAndEs256Cpak_accepted() throws Exception {
    KeyPair cpak256 = TestTokens.keyPair("secp256r1");
    Map<Object, Object> realm = TestTokens.realmClaims((ECPublicKey) rak.getPublic());
    realm.put(265L, "tag:arm.com,2023:realm#1.0.0");
    byte[] rakClaim = cbor(TestTokens.coseKey((ECPublicKey) rak.getPublic()));
    realm.put(44237L, rakClaim);
    realm.put(44240L, "sha-512");
    Map<Object, Object> platform = TestTokens.platformClaims(rakClaim);
    platform.put(265L, "tag:arm.com,2023:cca_platform#1.0.0");
    platform.put(10L, MessageDigest.getInstance("SHA-512").digest(rakClaim));
    byte[] token = TestTokens.collection907(TestTokens.sign(platform, cpak256),
        TestTokens.sign(realm, rak));

    JsonNode c = CcaVerifier.verifyToken(CcaToken.decode(token),
        CcaTrustAnchors.of(List.of(cpak256.getPublic())));

    assertThat(c.at("/realm/cca-realm-profile").asText()).isEqualTo("tag:arm.com,2023:realm#1.0.0");
    assertThat(c.at("/realm/cca-realm-public-key-hash-algo-id").asText()).isEqualTo("sha-512");
  }

  @Test
  void verifyToken_platformChallengeNotRakHash_rejectedAsBindingMismatch() throws Exception {
    Map<Object, Object> realm = TestTokens.realmClaims((ECPublicKey) rak.getPublic());
    Map<Object, Object> platform = TestTokens.platformClaims((byte[]) realm.get(44237L));
    ((byte[]) platform.get(10L))[0] ^= 1;
    assertThat(errorOf(token(realm, platform))).isEqualTo(CcaError.RAK_BINDING_MISMATCH);
  }

  @Test
  void verifyToken_platformOfAnotherRealm_rejectedAsBindingMismatch() throws Exception {
    KeyPair otherRak = TestTokens.keyPair("secp384r1");
    Map<Object, Object> realm = TestTokens.realmClaims((ECPublicKey) rak.getPublic());
    Map<Object, Object> platform =
        TestTokens.platformClaims(TestTokens.rawPoint((ECPublicKey) otherRak.getPublic()));
    assertThat(errorOf(token(realm, platform))).isEqualTo(CcaError.RAK_BINDING_MISMATCH);
  }

  @Test
  void verifyToken_realmSignedByOtherKey_rejectedAsRealmSignatureInvalid() throws Exception {
    Map<Object, Object> realm = TestTokens.realmClaims((ECPublicKey) rak.getPublic());
    byte[] platform = TestTokens.sign(TestTokens.platformClaims((byte[]) realm.get(44237L)), cpak);
    byte[] forged = TestTokens.sign(realm, TestTokens.keyPair("secp384r1"));
    assertThat(errorOf(TestTokens.collection399(platform, forged)))
        .isEqualTo(CcaError.REALM_SIGNATURE_INVALID);
  }

  @Test
  void verifyToken_platformSignedByUntrustedKey_rejectedAsUntrusted() throws Exception {
    Map<Object, Object> realm = TestTokens.realmClaims((ECPublicKey) rak.getPublic());
    byte[] platform = TestTokens.sign(TestTokens.platformClaims((byte[]) realm.get(44237L)),
        TestTokens.keyPair("secp384r1"));
    assertThat(errorOf(TestTokens.collection399(platform, TestTokens.sign(realm, rak))))
        .isEqualTo(CcaError.UNTRUSTED_PLATFORM_KEY);
  }

  @Test
  void verifyToken_headerAlgForOtherCurve_rejected() throws Exception {
    Map<Object, Object> realm = TestTokens.realmClaims((ECPublicKey) rak.getPublic());
    byte[] platform = TestTokens.sign(TestTokens.platformClaims((byte[]) realm.get(44237L)), cpak);
    // ES256 in the header over a P-384 RAK: the curve does not fit the algorithm.
    byte[] realmTok = TestTokens.sign(cbor(map(1L, -7L)), cbor(realm), rak);
    assertThat(errorOf(TestTokens.collection399(platform, realmTok)))
        .isEqualTo(CcaError.REALM_SIGNATURE_INVALID);
  }

  @Test
  void verifyToken_unsupportedAlgorithm_rejected() throws Exception {
    Map<Object, Object> realm = TestTokens.realmClaims((ECPublicKey) rak.getPublic());
    byte[] platform = TestTokens.sign(TestTokens.platformClaims((byte[]) realm.get(44237L)), cpak);
    byte[] realmTok = TestTokens.sign(cbor(map(1L, -37L)), cbor(realm), rak);
    assertThat(errorOf(TestTokens.collection399(platform, realmTok)))
        .isEqualTo(CcaError.UNSUPPORTED_ALGORITHM);
  }

  @Test
  void verifyToken_critHeaderOrUnprotectedAlg_rejectedAsMalformedCose() throws Exception {
    Map<Object, Object> realm = TestTokens.realmClaims((ECPublicKey) rak.getPublic());
    byte[] platform = TestTokens.sign(TestTokens.platformClaims((byte[]) realm.get(44237L)), cpak);
    byte[] crit = TestTokens.sign(cbor(map(1L, -35L, 2L, List.of(99L))), cbor(realm), rak);
    byte[] empty = TestTokens.sign(new byte[0], cbor(realm), rak);
    assertThat(errorOf(TestTokens.collection399(platform, crit)))
        .isEqualTo(CcaError.MALFORMED_COSE);
    assertThat(errorOf(TestTokens.collection399(platform, empty)))
        .isEqualTo(CcaError.MALFORMED_COSE);
  }

  @Test
  void verifyToken_offCurveRak_rejectedAsInvalidRak() throws Exception {
    Map<Object, Object> realm = TestTokens.realmClaims((ECPublicKey) rak.getPublic());
    byte[] point = ((byte[]) realm.get(44237L)).clone();
    point[96] ^= 1;
    realm.put(44237L, point);
    assertThat(errorOf(token(realm, TestTokens.platformClaims(point))))
        .isEqualTo(CcaError.INVALID_RAK);
  }

  @Test
  void verifyToken_badClaims_rejectedAsMalformedClaims() throws Exception {
    Map<Object, Object> base = TestTokens.realmClaims((ECPublicKey) rak.getPublic());
    byte[] rakClaim = (byte[]) base.get(44237L);
    List<Map<Object, Object>> badRealms = List.of(
        without(base, 10L), with(base, 10L, new byte[32]), with(base, 44239L, List.of()),
        with(base, 44240L, "md5"), with(base, 265L, "unknown-profile"), with(base, 44236L, 7L));
    for (Map<Object, Object> realm : badRealms) {
      assertThat(errorOf(token(realm, TestTokens.platformClaims(rakClaim))))
          .as(realm.toString()).isEqualTo(CcaError.MALFORMED_CLAIMS);
    }
    Map<Object, Object> p = TestTokens.platformClaims(rakClaim);
    List<Map<Object, Object>> badPlatforms = List.of(without(p, 265L), with(p, 265L, "x"),
        with(p, 256L, new byte[33]), with(p, 2396L, new byte[31]), with(p, 2395L, -1L),
        with(p, 2395L, 0x10000L), with(p, 2395L, 0x3100L), with(p, 2395L, 0x7000L),
        with(p, 2399L, List.of()), with(p, 2399L, List.of(map(1L, "BL"))),
        without(p, 2402L));
    for (Map<Object, Object> platform : badPlatforms) {
      assertThat(errorOf(token(base, platform))).as(platform.toString())
          .isEqualTo(CcaError.MALFORMED_CLAIMS);
    }
  }

  private static Map<Object, Object> with(Map<Object, Object> m, Object k, Object v) {
    Map<Object, Object> c = new java.util.LinkedHashMap<>(m);
    c.put(k, v);
    return c;
  }

  private static Map<Object, Object> without(Map<Object, Object> m, Object k) {
    Map<Object, Object> c = new java.util.LinkedHashMap<>(m);
    c.remove(k);
    return c;
  }
}
