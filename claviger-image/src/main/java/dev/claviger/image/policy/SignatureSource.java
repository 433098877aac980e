package dev.claviger.image.policy;

import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.sign.CosignSignature;
import dev.claviger.image.sign.SignatureException;
import java.util.List;

/**
 * Where the signatures of an image come from. Implementations fetch; they never judge: every
 * returned signature is untrusted input for {@link PolicyVerifier}. They must be bounded (count and
 * size) and must fail with {@link SignatureException.Kind#UNAVAILABLE} rather than return a partial
 * list when a fetch fails.
 */
public interface SignatureSource {
  /** Simple-signing (GPG) blobs stored for the manifest digest, in order; empty when none. */
  List<byte[]> simpleSigningSignatures(ImageReference image, Digest manifestDigest)
      throws SignatureException;

  /** Layers of the cosign attachment {@code sha256-<hex>.sig}; empty when there is none. */
  List<CosignSignature> cosignSignatures(ImageReference image, Digest manifestDigest)
      throws SignatureException;
}
