package dev.claviger.image.sign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Digests;
import dev.claviger.core.Hex;
import dev.claviger.core.Json;
import dev.claviger.image.sign.SignatureException.Kind;
import dev.claviger.image.sign.internal.CosignEncryptedKey;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CosignTest {
  private static final String DIGEST =
      "sha256:bffa3a5b32e860bd0341ce7e9437fe56e72ab7ab3cfe00aed8dad728769cf441";

  private static KeyPair p256() {
    return CosignFixtures.p256();
  }

  @Test
  void verify_independentlyMadeCosignSignature_acceptedWithItsKey() throws Exception {
    KeyPair kp = p256();
    byte[] manifest = "{\"schemaVersion\":2,\"layers\":[]}".getBytes(StandardCharsets.UTF_8);
    String digest = "sha256:" + Hex.encode(Digests.sha256(manifest));
    CosignSignature layer = CosignFixtures.layer("127.0.0.1:5000/cosign-signed-single-sample", digest,
        kp.getPrivate());
    SignedPayload v = Cosign.verify(layer,
        List.of(CosignKeys.parsePublicKey(CosignFixtures.publicPem(kp.getPublic()))));
    assertThat(v.payload().type()).isEqualTo(SignaturePayload.Type.COSIGN);
    assertThat(v.payload().dockerReference()).isEqualTo("127.0.0.1:5000/cosign-signed-single-sample");
    assertThat(v.payload().manifestDigest()).isEqualTo(digest);
  }

  @Test
  void verify_independentSignatureOtherKey_badSignature() throws Exception {
    CosignSignature layer = CosignFixtures.layer("r.test/a", DIGEST, p256().getPrivate());
    SignatureException e = catchThrowableOfType(SignatureException.class, () -> Cosign.verify(layer,
        List.of(CosignKeys.parsePublicKey(CosignFixtures.publicPem(p256().getPublic())))));
    assertThat(e.kind()).isEqualTo(Kind.BAD_SIGNATURE);
  }

  @Test
  void signThenVerify_roundTrip_andEveryPayloadByteFlipRejected() throws Exception {
    KeyPair kp = p256();
    byte[] payload = Cosign.payload("127.0.0.1:5000/demo/app:v1", DIGEST).toJson();
    assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(
        "{\"critical\":{\"identity\":{\"docker-reference\":\"127.0.0.1:5000/demo/app:v1\"},"
            + "\"image\":{\"docker-manifest-digest\":\"" + DIGEST + "\"},"
            + "\"type\":\"cosign container image signature\"},\"optional\":null}");
    CosignSignature layer = Cosign.sign(payload, kp.getPrivate());
    assertThat(Cosign.verify(layer, List.of(kp.getPublic())).payload().dockerReference())
        .isEqualTo("127.0.0.1:5000/demo/app:v1");
    for (int i = 0; i < payload.length; i++) {
      byte[] p = payload.clone();
      p[i] ^= 0x01;
      CosignSignature tampered = new CosignSignature(layer.mediaType(), p, layer.annotations());
      SignatureException e = catchThrowableOfType(SignatureException.class,
          () -> Cosign.verify(tampered, List.of(kp.getPublic())));
      assertThat(e).as("flip at %d", i).isNotNull();
      assertThat(e.kind()).isEqualTo(Kind.BAD_SIGNATURE);
    }
  }

  @Test
  void verify_everySignatureByteFlip_rejected() throws Exception {
    KeyPair kp = p256();
    CosignSignature layer = Cosign.sign(Cosign.payload("r.test/a:v1", DIGEST).toJson(), kp.getPrivate());
    byte[] sig = Base64.getDecoder().decode(layer.signatureBase64().orElseThrow());
    for (int i = 0; i < sig.length; i++) {
      byte[] s = sig.clone();
      s[i] ^= 0x01;
      CosignSignature tampered = new CosignSignature(layer.mediaType(), layer.payload(),
          Map.of(Cosign.SIGNATURE_ANNOTATION, Base64.getEncoder().encodeToString(s)));
      SignatureException e = catchThrowableOfType(SignatureException.class,
          () -> Cosign.verify(tampered, List.of(kp.getPublic())));
      assertThat(e).as("flip at %d", i).isNotNull();
      assertThat(e.kind()).isEqualTo(Kind.BAD_SIGNATURE);
    }
  }

  @Test
  void verify_missingAnnotationOrWrongMediaType_badSignature() throws Exception {
    KeyPair kp = p256();
    byte[] payload = Cosign.payload("r.test/a:v1", DIGEST).toJson();
    for (CosignSignature bad : List.of(
        new CosignSignature(Cosign.SIMPLE_SIGNING_MEDIA_TYPE, payload, Map.of()),
        new CosignSignature("application/vnd.oci.image.layer.v1.tar", payload,
            Cosign.sign(payload, kp.getPrivate()).annotations()),
        new CosignSignature(Cosign.SIMPLE_SIGNING_MEDIA_TYPE, payload,
            Map.of(Cosign.SIGNATURE_ANNOTATION, "%%%not base64")))) {
      SignatureException e = catchThrowableOfType(SignatureException.class,
          () -> Cosign.verify(bad, List.of(kp.getPublic())));
      assertThat(e.kind()).isEqualTo(Kind.BAD_SIGNATURE);
    }
  }

  @Test
  void keys_pkcs8AndPublicPem_roundTrip() throws Exception {
    KeyPair kp = p256();
    String priv = CosignKeys.toPkcs8Pem(kp.getPrivate());
    String pub = CosignKeys.toPublicPem(kp.getPublic());
    CosignSignature layer = Cosign.sign(Cosign.payload("r.test/a:v1", DIGEST).toJson(),
        CosignKeys.parsePrivateKey(priv.getBytes(StandardCharsets.US_ASCII), new char[0]));
    assertThat(Cosign.verify(layer, List.of(CosignKeys.parsePublicKey(pub.getBytes(StandardCharsets.US_ASCII)))))
        .isNotNull();
  }

  @Test
  void parsePublicKey_garbage_configuration() {
    for (String bad : List.of("", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
        "-----BEGIN PUBLIC KEY-----\n%%%\n-----END PUBLIC KEY-----\n", "not pem")) {
      SignatureException e = catchThrowableOfType(SignatureException.class,
          () -> CosignKeys.parsePublicKey(bad.getBytes(StandardCharsets.US_ASCII)));
      assertThat(e.kind()).as(bad).isEqualTo(Kind.CONFIGURATION);
    }
  }

  @Test
  void encryptedKey_independentEncoder_decryptsAndWrongPassphraseRefused() throws Exception {
    byte[] secret = "reallyimportant".getBytes(StandardCharsets.US_ASCII);
    for (int n : new int[] {32768, 65536}) {
      byte[] env = CosignFixtures.encryptedEnvelope(secret, "supersecret".toCharArray(), n, new SecureRandom());
      assertThat(CosignEncryptedKey.decrypt(env, "supersecret".toCharArray())).as("N=%d", n).isEqualTo(secret);
      SignatureException e = catchThrowableOfType(SignatureException.class,
          () -> CosignEncryptedKey.decrypt(env, "supersecreT".toCharArray()));
      assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
    }
  }

  @Test
  void encryptedKey_independentlyEncryptedPem_parsesToTheSameKey() throws Exception {
    KeyPair kp = p256();
    byte[] env = CosignFixtures.encryptedEnvelope(kp.getPrivate().getEncoded(), "pw".toCharArray(), 32768,
        new SecureRandom());
    String pem = "-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(env) + "\n-----END ENCRYPTED COSIGN PRIVATE KEY-----\n";
    var key = CosignKeys.parsePrivateKey(pem.getBytes(StandardCharsets.US_ASCII), "pw".toCharArray());
    assertThat(key.getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
    CosignSignature layer = Cosign.sign(Cosign.payload("r.test/a:v1", DIGEST).toJson(), key);
    assertThat(Cosign.verify(layer, List.of(kp.getPublic())).payload().dockerReference())
        .isEqualTo("r.test/a:v1");
  }

  @Test
  void encryptedKey_ourEncrypt_matchesIndependentDecryptionShape() throws Exception {
    // the production encoder's output must carry the documented fields, readable by name
    byte[] env = CosignEncryptedKey.encrypt("x".getBytes(StandardCharsets.US_ASCII), "pw".toCharArray(),
        new SecureRandom());
    JsonNode j = Json.parse(env);
    assertThat(j.at("/kdf/name").textValue()).isEqualTo("scrypt");
    assertThat(j.at("/kdf/params/N").intValue()).isEqualTo(32768);
    assertThat(j.at("/kdf/params/r").intValue()).isEqualTo(8);
    assertThat(j.at("/kdf/params/p").intValue()).isEqualTo(1);
    assertThat(Base64.getDecoder().decode(j.at("/kdf/salt").textValue())).hasSize(32);
    assertThat(j.at("/cipher/name").textValue()).isEqualTo("nacl/secretbox");
    assertThat(Base64.getDecoder().decode(j.at("/cipher/nonce").textValue())).hasSize(24);
    assertThat(Base64.getDecoder().decode(j.get("ciphertext").textValue())).hasSize(16 + 1);
  }

  @Test
  void encryptedKey_cosignPem_roundTripAndTamperRejected() throws Exception {
    KeyPair kp = p256();
    byte[] env = CosignEncryptedKey.encrypt(kp.getPrivate().getEncoded(), "pw".toCharArray(), new SecureRandom());
    String pem = "-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(env) + "\n-----END ENCRYPTED COSIGN PRIVATE KEY-----\n";
    var key = CosignKeys.parsePrivateKey(pem.getBytes(StandardCharsets.US_ASCII), "pw".toCharArray());
    assertThat(key.getEncoded()).isEqualTo(kp.getPrivate().getEncoded());
    JsonNode j = Json.parse(env);
    byte[] box = Base64.getDecoder().decode(j.get("ciphertext").textValue());
    box[box.length - 1] ^= 1;
    byte[] tampered = new String(env, StandardCharsets.US_ASCII)
        .replace(j.get("ciphertext").textValue(), Base64.getEncoder().encodeToString(box))
        .getBytes(StandardCharsets.US_ASCII);
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> CosignEncryptedKey.decrypt(tampered, "pw".toCharArray()));
    assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
  }

  @Test
  void encryptedKey_expensiveScryptParameters_refused() {
    byte[] env = ("{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":1073741824,\"r\":8,\"p\":1},"
        + "\"salt\":\"AAAA\"},\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\"AAAA\"},"
        + "\"ciphertext\":\"AAAA\"}").getBytes(StandardCharsets.US_ASCII);
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> CosignEncryptedKey.decrypt(env, "x".toCharArray()));
    assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
    assertThat(e.getMessage()).contains("unsupported scrypt parameters");
  }
}
