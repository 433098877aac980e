package dev.claviger.image.policy;

import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageReference;
import java.util.List;
import java.util.Objects;

/**
 * Proof that an image manifest passed the signature policy. Only {@link PolicyVerifier} creates
 * one, so code that takes a VerifiedImage cannot be handed an unchecked manifest. It is valid for
 * exactly {@link #manifestDigest()}; callers must pull by that digest. There is no cache: the
 * pipeline verifies again on every use (deliberately unlike image-rs, which skips the check for
 * cached images).
 */
public final class VerifiedImage {
  private final ImageReference reference;
  private final Digest manifestDigest;
  private final String scope;
  private final List<String> acceptedBy;

  VerifiedImage(ImageReference reference, Digest manifestDigest, String scope, List<String> acceptedBy) {
    this.reference = Objects.requireNonNull(reference, "reference");
    this.manifestDigest = Objects.requireNonNull(manifestDigest, "manifestDigest");
    this.scope = Objects.requireNonNull(scope, "scope");
    this.acceptedBy = List.copyOf(acceptedBy);
  }

  /** The reference the image was verified as. */
  public ImageReference reference() {
    return reference;
  }

  /** The manifest digest that was verified. */
  public Digest manifestDigest() {
    return manifestDigest;
  }

  /** The policy scope that applied ({@code default} or {@code docker:<scope>}). */
  public String scope() {
    return scope;
  }

  /**
   * One line per requirement that passed, e.g. {@code insecureAcceptAnything} or {@code signedBy
   * 08CD26E4...}.
   */
  public List<String> acceptedBy() {
    return acceptedBy;
  }

  @Override
  public String toString() {
    return "VerifiedImage[" + reference + "@" + manifestDigest + ", " + scope + ", " + acceptedBy + "]";
  }
}
