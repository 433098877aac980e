package dev.claviger.image.policy;

import java.util.Objects;
import java.util.Optional;

/** One requirement of a policy.json scope; every requirement of the chosen scope must pass. */
public sealed interface PolicyRequirement {
  /** Accept without any check. */
  record InsecureAcceptAnything() implements PolicyRequirement {}

  /** Refuse the image. */
  record Reject() implements PolicyRequirement {}

  /**
   * A simple-signing (GPG) signature by one of the keys is required.
   *
   * @param keyType {@code GPGKeys} (implemented) or another valid keyType (refused as unsupported
   *     at verification, as containers/image does)
   * @param keys the trusted keyrings
   * @param identity the identity rule ({@link SignedIdentity.MatchRepoDigestOrExact} when absent)
   */
  record SignedBy(String keyType, KeySource keys, SignedIdentity identity)
      implements PolicyRequirement {
    public SignedBy {
      Objects.requireNonNull(keyType, "keyType");
      Objects.requireNonNull(keys, "keys");
      Objects.requireNonNull(identity, "identity");
    }
  }

  /**
   * A cosign signature by one of the public keys is required.
   *
   * @param keys the trusted PEM public keys (empty only when {@code unsupported} is set)
   * @param identity the identity rule; when absent in the file this is {@link
   *     SignedIdentity.MatchExact} (deliberately stricter than containers/image's
   *     matchRepoDigestOrExact and image-rs's "no check")
   * @param unsupported set when the rule uses Fulcio, Rekor or PKI, which Claviger does not
   *     implement; verification then fails as UNSUPPORTED
   */
  record SigstoreSigned(Optional<KeySource> keys, SignedIdentity identity, Optional<String> unsupported)
      implements PolicyRequirement {
    public SigstoreSigned {
      Objects.requireNonNull(keys, "keys");
      Objects.requireNonNull(identity, "identity");
      Objects.requireNonNull(unsupported, "unsupported");
      if (keys.isEmpty() && unsupported.isEmpty()) {
        throw new IllegalArgumentException("sigstoreSigned needs keys");
      }
    }
  }
}
