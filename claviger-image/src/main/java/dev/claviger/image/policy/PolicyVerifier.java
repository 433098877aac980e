package dev.claviger.image.policy;

import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.policy.internal.RequirementChecks;
import dev.claviger.image.policy.internal.RequirementChecks.Candidate;
import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.sign.SignatureException.Kind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Applies a {@link SignaturePolicy} to an image manifest. Every requirement of the scope that
 * applies must pass; the result is a {@link VerifiedImage} that only this class can create. Keys are
 * read and signatures fetched on every call (no cache, so a revoked key or removed signature takes
 * effect at once). Thread-safe.
 */
public final class PolicyVerifier {
  private final SignaturePolicy policy;
  private final KeyResolver keys;
  private final Clock clock;

  private PolicyVerifier(SignaturePolicy policy, KeyResolver keys, Clock clock) {
    this.policy = policy;
    this.keys = keys;
    this.clock = clock;
  }

  /**
   * @param keys reads {@code keyPath} files ({@link KeyResolver#files()} for local paths)
   * @param clock the instant key and signature expiry are judged at
   */
  public static PolicyVerifier create(SignaturePolicy policy, KeyResolver keys, Clock clock) {
    return new PolicyVerifier(Objects.requireNonNull(policy, "policy"),
        Objects.requireNonNull(keys, "keys"), Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Verifies a single-platform manifest.
   *
   * @param ref the reference the image is pulled as (selects the policy scope and is the identity
   *     signatures must name)
   * @param manifestDigest the digest of {@code manifestBytes}
   * @param manifestBytes the exact manifest bytes as served by the registry
   */
  public VerifiedImage verify(ImageReference ref, Digest manifestDigest, byte[] manifestBytes,
      SignatureSource src) throws SignatureException {
    return verify(ref, manifestDigest, List.of(new Candidate(manifestDigest, manifestBytes)), src);
  }

  /**
   * Verifies a platform manifest selected from an index: signatures over either the platform
   * manifest or the index (manifest list) are accepted, as image-rs does since PR #1408.
   */
  public VerifiedImage verifyWithIndex(ImageReference ref, Digest manifestDigest,
      byte[] manifestBytes, Digest indexDigest, byte[] indexBytes, SignatureSource src)
      throws SignatureException {
    return verify(ref, manifestDigest, List.of(new Candidate(manifestDigest, manifestBytes),
        new Candidate(indexDigest, indexBytes)), src);
  }

  private VerifiedImage verify(ImageReference ref, Digest manifestDigest, List<Candidate> candidates,
      SignatureSource src) throws SignatureException {
    Objects.requireNonNull(ref, "ref");
    Objects.requireNonNull(src, "src");
    for (Candidate c : candidates) {
      if (!c.digest().matches(c.bytes())) {
        throw new SignatureException(Kind.DIGEST_MISMATCH,
            "manifest bytes do not hash to " + c.digest());
      }
    }
    if (ref.digest().isPresent()
        && candidates.stream().noneMatch(c -> c.digest().equals(ref.digest().get()))) {
      throw new SignatureException(Kind.DIGEST_MISMATCH,
          "reference pins " + ref.digest().get() + " but the manifest is " + manifestDigest);
    }
    SignaturePolicy.Scoped scoped;
    try {
      scoped = policy.requirementsFor(RequirementChecks.identityOf(ref).toString());
    } catch (IllegalArgumentException e) {
      throw new SignatureException(Kind.CONFIGURATION, "reference " + ref + ": " + e.getMessage());
    }
    RequirementChecks checks = new RequirementChecks(ref, candidates, src, keys, clock);
    List<String> accepted = new ArrayList<>();
    for (PolicyRequirement r : scoped.requirements()) {
      accepted.add(switch (r) {
        case PolicyRequirement.InsecureAcceptAnything a -> "insecureAcceptAnything";
        case PolicyRequirement.Reject x -> throw new SignatureException(Kind.REJECTED,
            "running image " + ref + " is rejected by policy (" + scoped.scope() + ")");
        case PolicyRequirement.SignedBy s -> checks.signedBy(s);
        case PolicyRequirement.SigstoreSigned s -> checks.sigstoreSigned(s);
      });
    }
    return new VerifiedImage(ref, manifestDigest, scoped.scope(), accepted);
  }
}
