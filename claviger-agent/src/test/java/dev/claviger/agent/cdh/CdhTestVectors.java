package dev.claviger.agent.cdh;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Test keys and packets made by the tests themselves (nothing copied from upstream). Signing keys
 * are generated per run; the annotation packet is wrapped here with the JDK's AES-GCM under a fixed
 * KEK and IV chosen for these tests, in coco_keyprovider's v1 JSON layout, so our unwrap is checked
 * against a writer other than {@link AnnotationPacket#wrap}.
 */
final class CdhTestVectors {
  private CdhTestVectors() {}

  private static final ECKey TEST_KEY = p256("test-key");
  private static final ECKey TEST_KEY_2 = p256(null);

  /** Public JWK of a P-256 key generated for this run, kid "test-key". */
  static final String TEST_KEY_PUBLIC = TEST_KEY.toPublicJWK().toJSONString();
  /** The same key with its private part. */
  static final String TEST_KEY_PRIVATE = TEST_KEY.toJSONString();
  /** Another generated P-256 key (private JWK). */
  static final String TEST_KEY_2_PRIVATE = TEST_KEY_2.toJSONString();

  /** The KEK of {@link #SAMPLE_ANNOTATION}: SHA-256 of a label, obviously not a real key. */
  static final byte[] TEST_KEK = sha256("claviger cdh test kek");
  /** The 12-byte GCM IV of {@link #SAMPLE_ANNOTATION}. */
  static final byte[] TEST_IV = HexFormat.of().parseHex("c1a71ce0000000000000a001");
  static final String SAMPLE_KID = "kbs:///default/key/1";

  /** Layer options in the shape coco_keyprovider wraps (symkey, digest, cipheroptions.nonce). */
  static final String SAMPLE_OPTSDATA =
      "{\"symkey\":\"" + b64(sha256("claviger test layer symkey")) + "\","
          + "\"digest\":\"sha256:" + HexFormat.of().formatHex(sha256("claviger test layer")) + "\","
          + "\"cipheroptions\":{\"nonce\":\"" + b64(Arrays.copyOf(sha256("claviger test nonce"), 16)) + "\"}}";

  /** Base64 of the wrapped options: AES-256-GCM(TEST_KEK, TEST_IV, no AAD), tag appended. */
  static final String SAMPLE_WRAPPED_B64 = b64(gcm(TEST_KEK, TEST_IV, SAMPLE_OPTSDATA));

  /** A v1 annotation packet as coco_keyprovider writes it (tab-indented pretty JSON). */
  static final String SAMPLE_ANNOTATION =
      "{\n\t\"kid\": \"" + SAMPLE_KID + "\",\n\t\"wrapped_data\": \"" + SAMPLE_WRAPPED_B64 + "\",\n"
          + "\t\"iv\": \"" + b64(TEST_IV) + "\",\n\t\"wrap_type\": \"A256GCM\"\n}\n";

  /** The sample packet with a doubly prefixed kid, which older tooling produced. */
  static final String DOUBLE_PREFIXED_PACKET =
      SAMPLE_ANNOTATION.replace(SAMPLE_KID, "kbs:///kbs:///default/key/1");

  /** An envelope payload whose byte fields are placeholders, not base64. */
  static final String ENVELOPE_PLACEHOLDER =
      "{\"version\":\"0.1.0\",\"type\":\"envelope\",\"key_id\":\"key-a\",\"encrypted_key\":\"not-b64!\","
          + "\"encrypted_data\":\"neither?\",\"wrap_type\":\"A256GCM\",\"iv\":\"nor~this\","
          + "\"provider\":\"aliyun\",\"provider_settings\":{},\"annotations\":{}}";

  private static ECKey p256(String kid) {
    try {
      ECKeyGenerator g = new ECKeyGenerator(Curve.P_256);
      return kid == null ? g.generate() : g.keyID(kid).generate();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  static byte[] sha256(String label) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(label.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] gcm(byte[] key, byte[] iv, String plaintext) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
      return c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String b64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }
}
