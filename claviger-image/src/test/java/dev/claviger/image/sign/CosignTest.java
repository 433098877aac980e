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
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CosignTest {
  private static final String DIGEST =
      "sha256:634a8f35b5f16dcf4aaa0822adc0b1964bb786fca12f6831de8ddc45e5986a00";

  static CosignSignature upstreamLayer(String path) throws Exception {
    return CosignTestVectors.upstreamLayer(path);
  }

  private static KeyPair p256() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec("secp256r1"));
    return g.generateKeyPair();
  }

  @Test
  void verify_upstreamCosignSignature_acceptedWithItsKey() throws Exception {
    CosignSignature layer = upstreamLayer("dir-img-cosign-valid/signature-1");
    SignedPayload v = Cosign.verify(layer,
        List.of(CosignKeys.parsePublicKey(Vectors.containersImage("cosign.pub"))));
    assertThat(v.payload().type()).isEqualTo(SignaturePayload.Type.COSIGN);
    assertThat(v.payload().dockerReference()).isEqualTo("192.168.64.2:5000/cosign-signed-single-sample");
    assertThat(v.payload().manifestDigest()).isEqualTo(DIGEST);
    // and the digest is really that of the image's manifest
    byte[] manifest = Vectors.containersImage("dir-img-cosign-valid/manifest.json");
    assertThat("sha256:" + Hex.encode(Digests.sha256(manifest))).isEqualTo(DIGEST);
  }

  @Test
  void verify_upstreamSignatureOtherKey_badSignature() throws Exception {
    CosignSignature layer = upstreamLayer("dir-img-cosign-valid/signature-1");
    SignatureException e = catchThrowableOfType(SignatureException.class, () -> Cosign.verify(layer,
        List.of(CosignKeys.parsePublicKey(Vectors.containersImage("cosign2.pub")))));
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
  void encryptedKey_upstreamSecuresystemslibVector_decrypts() throws Exception {
    // go-securesystemslib encrypted_test.go TestDecrypt: "supersecret" -> "reallyimportant"
    byte[] env = ("{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":32768,\"r\":8,\"p\":1},"
        + "\"salt\":\"N9a7x5JFGbrtB2uBR81jPwp0eiLR4A7FV3mjVAQrg1g=\"},\"cipher\":{\"name\":"
        + "\"nacl/secretbox\",\"nonce\":\"2h8HxMmgRfuYdpswZBQaU3xJ1nkA/5Ik\"},\"ciphertext\":"
        + "\"SEW6sUh0jf2wfdjJGPNS9+bkk2uB+Cxamf32zR8XkQ==\"}").getBytes(StandardCharsets.US_ASCII);
    assertThat(new String(CosignEncryptedKey.decrypt(env, "supersecret".toCharArray()),
        StandardCharsets.US_ASCII)).isEqualTo("reallyimportant");
    SignatureException e = catchThrowableOfType(SignatureException.class,
        () -> CosignEncryptedKey.decrypt(env, "supersecreT".toCharArray()));
    assertThat(e.kind()).isEqualTo(Kind.CONFIGURATION);
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
