package dev.claviger.image.sign;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * Builds cosign artefacts at test time without the production code: a sigstore signature layer
 * (payload JSON written by hand, ECDSA P-256/SHA-256 DER signature via JCA, base64 annotation), PEM
 * public keys, and the encrypted private key envelope cosign writes (scrypt + NaCl secretbox in
 * go-securesystemslib's JSON), so that our readers are checked against an independent writer.
 */
public final class CosignFixtures {
  static final String MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
  static final String ANNOTATION = "dev.cosignproject.cosign/signature";

  private CosignFixtures() {}

  public static KeyPair p256() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** cosign's payload for {@code reference} at {@code digest}, as {@code cosign sign} writes it. */
  public static byte[] payload(String reference, String digest) {
    return ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + reference + "\"},"
        + "\"image\":{\"docker-manifest-digest\":\"" + digest + "\"},"
        + "\"type\":\"cosign container image signature\"},\"optional\":null}")
        .getBytes(StandardCharsets.UTF_8);
  }

  /** A signature layer over {@link #payload} signed with {@code key}. */
  public static CosignSignature layer(String reference, String digest, PrivateKey key) {
    byte[] payload = payload(reference, digest);
    try {
      Signature s = Signature.getInstance("SHA256withECDSA");
      s.initSign(key);
      s.update(payload);
      return new CosignSignature(MEDIA_TYPE, payload,
          Map.of(ANNOTATION, Base64.getEncoder().encodeToString(s.sign())));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code -----BEGIN PUBLIC KEY-----} PEM of the SubjectPublicKeyInfo, as cosign.pub holds. */
  public static byte[] publicPem(PublicKey key) {
    return ("-----BEGIN PUBLIC KEY-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
        + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * The encrypted-key JSON envelope: key = scrypt(password, salt, N, 8, 1, 32); box = NaCl
   * secretbox(plaintext) = Poly1305 tag (keyed by the first 32 XSalsa20 keystream bytes) followed by
   * the plaintext XORed with the keystream from byte 32 on.
   */
  public static byte[] encryptedEnvelope(byte[] plaintext, char[] password, int n, SecureRandom random) {
    byte[] salt = new byte[32];
    byte[] nonce = new byte[24];
    random.nextBytes(salt);
    random.nextBytes(nonce);
    byte[] key = SCrypt.generate(new String(password).getBytes(StandardCharsets.UTF_8), salt, n, 8, 1, 32);
    byte[] stream = new byte[32 + plaintext.length];
    XSalsa20Engine xsalsa = new XSalsa20Engine();
    xsalsa.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    xsalsa.processBytes(new byte[stream.length], 0, stream.length, stream, 0);
    byte[] box = new byte[16 + plaintext.length];
    for (int i = 0; i < plaintext.length; i++) {
      box[16 + i] = (byte) (plaintext[i] ^ stream[32 + i]);
    }
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(Arrays.copyOf(stream, 32)));
    mac.update(box, 16, plaintext.length);
    mac.doFinal(box, 0);
    Base64.Encoder b64 = Base64.getEncoder();
    return ("{\"kdf\":{\"name\":\"scrypt\",\"params\":{\"N\":" + n + ",\"r\":8,\"p\":1},\"salt\":\""
        + b64.encodeToString(salt) + "\"},\"cipher\":{\"name\":\"nacl/secretbox\",\"nonce\":\""
        + b64.encodeToString(nonce) + "\"},\"ciphertext\":\"" + b64.encodeToString(box) + "\"}")
        .getBytes(StandardCharsets.US_ASCII);
  }
}
