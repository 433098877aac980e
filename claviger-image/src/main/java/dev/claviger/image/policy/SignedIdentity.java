package dev.claviger.image.policy;

import java.util.Objects;

/**
 * A {@code signedIdentity} rule of policy.json: which {@code docker-reference} inside a signature is
 * acceptable for the image being verified. Semantics follow containers-policy.json(5):
 *
 * <ul>
 *   <li>{@link MatchExact}: the signed reference equals the image reference, both with a tag or
 *       digest;
 *   <li>{@link MatchRepoDigestOrExact}: as MatchExact for a tagged image; for an image pulled by
 *       digest, any signed tag/digest of the same repository;
 *   <li>{@link MatchRepository}: same repository, any tag/digest (or none);
 *   <li>{@link ExactReference}/{@link ExactRepository}: compare with a fixed value, not the image;
 *   <li>{@link RemapIdentity}: rewrite the image's {@code prefix} to {@code signedPrefix}, then as
 *       MatchRepoDigestOrExact.
 * </ul>
 */
public sealed interface SignedIdentity {
  /** Signed reference must equal the image reference (tag or digest required on both). */
  record MatchExact() implements SignedIdentity {}

  /** Exact for tagged images; same repository for images referenced by digest. */
  record MatchRepoDigestOrExact() implements SignedIdentity {}

  /** Same repository, whatever the tag. */
  record MatchRepository() implements SignedIdentity {}

  /** The signed reference must equal this fixed reference (which has a tag or digest). */
  record ExactReference(String dockerReference) implements SignedIdentity {
    public ExactReference {
      Objects.requireNonNull(dockerReference, "dockerReference");
    }
  }

  /** The signed reference must be in this fixed repository. */
  record ExactRepository(String dockerRepository) implements SignedIdentity {
    public ExactRepository {
      Objects.requireNonNull(dockerRepository, "dockerRepository");
    }
  }

  /** The image's {@code prefix} is read as {@code signedPrefix} before matching. */
  record RemapIdentity(String prefix, String signedPrefix) implements SignedIdentity {
    public RemapIdentity {
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(signedPrefix, "signedPrefix");
    }
  }
}
