package dev.claviger.image.crypt;

import dev.claviger.agent.cdh.AnnotationPacket;
import dev.claviger.agent.cdh.CdhException;
import dev.claviger.core.Base64s;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import dev.claviger.image.crypt.internal.JweCodec;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Encrypts layer blobs the way ocicrypt does: a fresh 32-byte key and 16-byte nonce per layer,
 * AES-256-CTR + HMAC-SHA256, the private options wrapped to every recipient. All JWE recipients
 * share one JWE (flattened for one, general for several, as skopeo writes); each KBS recipient gets
 * its own CoCo annotation packet under {@code keys.provider.attestation-agent}. Thread-safe.
 */
public final class LayerEncryptor {
  private final List<JweRecipient> jwe = new ArrayList<>();
  private final List<KbsRecipient> kbs = new ArrayList<>();
  private final SecureRandom random;

  public LayerEncryptor(List<? extends LayerRecipient> recipients, SecureRandom random) {
    Objects.requireNonNull(recipients, "recipients");
    this.random = Objects.requireNonNull(random, "random");
    for (LayerRecipient r : recipients) {
      switch (r) {
        case JweRecipient j -> jwe.add(j);
        case KbsRecipient k -> kbs.add(k);
      }
    }
    if (jwe.isEmpty() && kbs.isEmpty()) {
      throw new IllegalArgumentException("at least one recipient is needed");
    }
  }

  /** Encrypts {@code plaintext} into {@code ciphertext} (neither is closed). */
  public EncryptedLayer encrypt(InputStream plaintext, OutputStream ciphertext) throws ImageCryptException {
    byte[] nonce = PrivateLayerOptions.randomNonce(random);
    try (SecretBytes key = PrivateLayerOptions.randomKey(random)) {
      LayerCipher.Encrypted result = LayerCipher.encrypt(plaintext, ciphertext, key, nonce);
      try (PrivateLayerOptions options = PrivateLayerOptions.create(key, nonce, result.plaintextDigest());
          SecretBytes optsJson = options.toJson()) {
        Map<String, String> annotations = new LinkedHashMap<>();
        if (!jwe.isEmpty()) {
          annotations.put(EncAnnotations.KEYS_JWE, Base64s.encodeStd(JweCodec.encrypt(optsJson, jwe, random)));
        }
        if (!kbs.isEmpty()) {
          annotations.put(EncAnnotations.provider(EncAnnotations.ATTESTATION_AGENT), packets(optsJson));
        }
        annotations.put(EncAnnotations.PUBOPTS, PublicLayerOptions.of(result.hmac()).toAnnotation());
        return new EncryptedLayer(result.ciphertextDigest(), result.size(), result.plaintextDigest(), annotations);
      }
    }
  }

  private String packets(SecretBytes optsJson) throws ImageCryptException {
    List<String> values = new ArrayList<>();
    byte[] opts = optsJson.toByteArray();
    try {
      for (KbsRecipient r : kbs) {
        AnnotationPacket packet = AnnotationPacket.wrap(r.kid(), r.kek(), opts, random);
        values.add(Base64s.encodeStd(packet.toJson()));
      }
    } catch (CdhException e) {
      throw new ImageCryptException(Reason.KEY_PROVIDER, "cannot build the annotation packet: " + e.getMessage(), e);
    } finally {
      Arrays.fill(opts, (byte) 0);
    }
    return String.join(",", values);
  }

  /** The KBS recipients, whose KEKs the caller must register in the KBS. */
  public List<KbsRecipient> kbsRecipients() {
    return List.copyOf(kbs);
  }
}
