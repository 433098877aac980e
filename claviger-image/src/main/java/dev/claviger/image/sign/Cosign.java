package dev.claviger.image.sign;

import dev.claviger.core.Base64s;
import dev.claviger.core.Digests;
import dev.claviger.core.Hex;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.sign.SignatureException.Kind;
import dev.claviger.image.sign.SignaturePayload.Type;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * cosign key-based signatures (legacy tag storage, what image-rs and containers/image read): the
 * signature is ECDSA (P-256 by default) with SHA-256, ASN.1 DER, over the exact payload bytes,
 * std-base64 in the layer annotation {@value #SIGNATURE_ANNOTATION}. RSA (PKCS#1 v1.5, SHA-256)
 * and Ed25519 keys are accepted as cosign does.
 */
public final class Cosign {
  /** Media type of a signature layer in the {@code .sig} attachment. */
  public static final String SIMPLE_SIGNING_MEDIA_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
  /** Layer annotation holding the base64 signature. */
  public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";
  /** Largest base64 signature annotation we decode (an RSA-4096 signature is 684 chars). */
  static final int MAX_SIGNATURE_CHARS = 8192;

  private Cosign() {}

  /** The cosign payload for an image, with {@code "optional":null} as cosign writes it. */
  public static SignaturePayload payload(String dockerReference, String manifestDigest) {
    return SignaturePayload.of(Type.COSIGN, dockerReference, manifestDigest);
  }

  /** Signs payload bytes; returns the signature layer (blob and annotation). */
  public static CosignSignature sign(byte[] payloadJson, PrivateKey key) throws SignatureException {
    Objects.requireNonNull(payloadJson, "payloadJson");
    try {
      Signature s = Signature.getInstance(algorithm(key.getAlgorithm()));
      s.initSign(key);
      s.update(payloadJson);
      return new CosignSignature(SIMPLE_SIGNING_MEDIA_TYPE, payloadJson,
          Map.of(SIGNATURE_ANNOTATION, Base64s.encodeStd(s.sign())));
    } catch (GeneralSecurityException e) {
      throw new SignatureException(Kind.CONFIGURATION, "cosign signing failed: " + e.getMessage(), e);
    }
  }

  /**
   * Verifies one attachment layer under any of the trusted keys and parses its payload.
   *
   * @throws SignatureException {@link Kind#BAD_SIGNATURE} when the layer is not a signature, the
   *     annotation is missing or malformed, or no trusted key verifies it (cosign signatures carry
   *     no key ID, so a foreign key and tampered bytes look the same)
   */
  public static SignedPayload verify(CosignSignature layer, List<PublicKey> trusted)
      throws SignatureException {
    Objects.requireNonNull(layer, "layer");
    if (trusted.isEmpty()) {
      throw new SignatureException(Kind.CONFIGURATION, "no trusted cosign public keys");
    }
    if (!layer.mediaType().equals(SIMPLE_SIGNING_MEDIA_TYPE)) {
      throw new SignatureException(Kind.BAD_SIGNATURE, "not a cosign signature layer");
    }
    String b64 = layer.signatureBase64().orElseThrow(() -> new SignatureException(
        Kind.BAD_SIGNATURE, "missing " + SIGNATURE_ANNOTATION + " annotation"));
    byte[] sig = decode(b64);
    byte[] payload = layer.payload();
    List<String> failures = new ArrayList<>();
    for (PublicKey key : trusted) {
      if (verifies(key, payload, sig, failures)) {
        return new SignedPayload(SignaturePayload.parse(payload, Type.COSIGN), describe(key));
      }
    }
    throw new SignatureException(Kind.BAD_SIGNATURE,
        "cosign signature does not verify under any of " + trusted.size() + " trusted key(s)"
            + (failures.isEmpty() ? "" : " " + failures));
  }

  /** {@code cosign key sha256:<hex of the SPKI DER>}, to say which key accepted a signature. */
  public static String describe(PublicKey key) {
    return "cosign key sha256:" + Hex.encode(Digests.sha256(key.getEncoded()));
  }

  private static boolean verifies(PublicKey key, byte[] payload, byte[] sig, List<String> failures) {
    try {
      Signature s = Signature.getInstance(algorithm(key.getAlgorithm()));
      s.initVerify(key);
      s.update(payload);
      return s.verify(sig);
    } catch (GeneralSecurityException | RuntimeException e) {
      // a malformed DER signature is a failed verification, not an error of ours
      failures.add(e.getClass().getSimpleName());
      return false;
    }
  }

  /** cosign strips newlines some tools wrap the annotation with; image-rs does the same. */
  private static byte[] decode(String b64) throws SignatureException {
    if (b64.length() > MAX_SIGNATURE_CHARS) {
      throw new SignatureException(Kind.BAD_SIGNATURE, "signature annotation too long");
    }
    try {
      return Base64s.decodeStd(b64.replace("\n", "").replace("\r", ""));
    } catch (MalformedInputException e) {
      throw new SignatureException(Kind.BAD_SIGNATURE, "signature annotation is not base64");
    }
  }

  private static String algorithm(String keyAlgorithm) throws GeneralSecurityException {
    return switch (keyAlgorithm) {
      case "EC" -> "SHA256withECDSA";
      case "RSA" -> "SHA256withRSA";
      case "Ed25519", "EdDSA" -> "Ed25519";
      default -> throw new GeneralSecurityException("unsupported key algorithm " + keyAlgorithm);
    };
  }
}
