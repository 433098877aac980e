package dev.claviger.evidence.cca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.evidence.EvidenceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CPAK store: the corpus root, a wrong root, upstream's tastore.json and bad inputs. */
class CcaTrustAnchorsTest {
  @TempDir
  Path tmp;

  @Test
  void fromDirectory_corpusRoot_isThePinnedTestCpak() throws Exception {
    CcaTrustAnchors a = CcaCorpus.anchors();
    assertThat(a.entries()).hasSize(1);
    byte[] spki = a.entries().get(0).cpak().getEncoded();
    assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(spki)))
        .isEqualTo("0928f896cb02326566530a62a1e36329a12d0a4a308f4fc81e8ff5560bca6bca");
  }

  @Test
  void verifyToken_corpusTokenWithWrongRoot_rejectedAsUntrusted() throws Exception {
    CcaTrustAnchors wrong = CcaTrustAnchors.of(
        List.of(TestTokens.keyPair("secp384r1").getPublic()));
    assertThatThrownBy(() -> CcaVerifier.verifyToken(
        CcaToken.decode(CcaCorpus.bytes(CcaCorpus.TAG_399)), wrong))
        .isInstanceOfSatisfying(CcaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(CcaError.UNTRUSTED_PLATFORM_KEY));
  }

  @Test
  void fromTaStore_boundEntry_verifiesOnlyItsOwnPlatform() throws Exception {
    KeyPair cpak = TestTokens.keyPair("secp384r1");
    KeyPair rak = TestTokens.keyPair("secp384r1");
    Map<Object, Object> realm = TestTokens.realmClaims((ECPublicKey) rak.getPublic());
    Map<Object, Object> platform = TestTokens.platformClaims((byte[]) realm.get(44237L));
    CcaToken token = CcaToken.decode(TestTokens.collection399(TestTokens.sign(platform, cpak),
        TestTokens.sign(realm, rak)));
    byte[] impl = (byte[]) platform.get(2396L);
    byte[] inst = (byte[]) platform.get(256L);
    byte[] otherInst = inst.clone();
    otherInst[32] ^= 1;

    CcaTrustAnchors own = CcaTrustAnchors.fromTaStore(taStore("own", cpak, impl, inst));
    CcaTrustAnchors other = CcaTrustAnchors.fromTaStore(taStore("other", cpak, impl, otherInst));

    assertThat(CcaVerifier.verifyToken(token, own).at("/platform/cca-platform-lifecycle").asLong())
        .isEqualTo(0x3003);
    assertThatThrownBy(() -> CcaVerifier.verifyToken(token, other))
        .isInstanceOfSatisfying(CcaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(CcaError.UNTRUSTED_PLATFORM_KEY));
  }

  @Test
  void fromTaStore_malformedStores_failAsOurError() throws Exception {
    for (String json : List.of("{}", "[{\"pkey\":{\"kty\":\"RSA\"}}]",
        "[{\"pkey\":{\"kty\":\"EC\",\"crv\":\"P-192\",\"x\":\"AA\",\"y\":\"AA\"}}]",
        "[{\"pkey\":{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"!!\",\"y\":\"AA\"}}]", "not json")) {
      Path f = tmp.resolve("bad.json");
      Files.writeString(f, json);
      assertThatThrownBy(() -> CcaTrustAnchors.fromTaStore(f)).as(json)
          .isInstanceOf(EvidenceException.class);
    }
  }

  @Test
  void fromDirectory_nonEcOrBrokenPem_failsAsOurError() throws Exception {
    Files.writeString(tmp.resolve("a.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n");
    assertThatThrownBy(() -> CcaTrustAnchors.fromDirectory(tmp))
        .isInstanceOf(EvidenceException.class);
    Files.writeString(tmp.resolve("a.pem"),
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n");
    assertThatThrownBy(() -> CcaTrustAnchors.fromDirectory(tmp))
        .isInstanceOf(EvidenceException.class);
    assertThatThrownBy(() -> CcaTrustAnchors.fromDirectory(tmp.resolve("missing")))
        .isInstanceOf(EvidenceException.class);
  }

  private Path taStore(String name, KeyPair cpak, byte[] impl, byte[] inst) throws Exception {
    byte[] raw = TestTokens.rawPoint((ECPublicKey) cpak.getPublic());
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String json = "[{\"pkey\":{\"crv\":\"P-384\",\"kty\":\"EC\",\"x\":\""
        + b64.encodeToString(Arrays.copyOfRange(raw, 1, 49)) + "\",\"y\":\""
        + b64.encodeToString(Arrays.copyOfRange(raw, 49, 97)) + "\"},\"implementation-id\":\""
        + HexFormat.of().formatHex(impl) + "\",\"instance-id\":\""
        + HexFormat.of().formatHex(inst) + "\"}]";
    Path f = tmp.resolve(name + ".json");
    Files.writeString(f, json);
    return f;
  }
}
