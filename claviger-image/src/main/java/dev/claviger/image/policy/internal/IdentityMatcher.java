package dev.claviger.image.policy.internal;

import dev.claviger.image.policy.SignedIdentity;
import java.util.Optional;
import dev.claviger.image.sign.internal.DockerName;

/**
 * Evaluates a {@link SignedIdentity} rule (semantics of containers/image
 * signature/policy_reference_match.go). An unparseable signed reference never matches.
 */
public final class IdentityMatcher {
  private IdentityMatcher() {}

  /**
   * @param rule the policy rule
   * @param image the reference the image is being pulled as
   * @param signed the {@code docker-reference} inside the signature (untrusted text)
   */
  public static boolean matches(SignedIdentity rule, DockerName image, String signed) {
    Optional<DockerName> sig = parse(signed);
    if (sig.isEmpty()) {
      return false;
    }
    DockerName s = sig.get();
    return switch (rule) {
      case SignedIdentity.MatchExact m -> exact(image, s);
      case SignedIdentity.MatchRepoDigestOrExact m -> repoDigestOrExact(image, s);
      case SignedIdentity.MatchRepository m -> s.name().equals(image.name());
      case SignedIdentity.ExactReference r ->
          parse(r.dockerReference()).map(want -> exact(want, s)).orElse(false);
      case SignedIdentity.ExactRepository r ->
          parse(r.dockerRepository()).map(want -> want.name().equals(s.name())).orElse(false);
      case SignedIdentity.RemapIdentity r ->
          remap(image, r).map(remapped -> repoDigestOrExact(remapped, s)).orElse(false);
    };
  }

  private static boolean exact(DockerName intended, DockerName signed) {
    if (intended.isNameOnly() || signed.isNameOnly()) {
      return false;
    }
    return signed.toString().equals(intended.toString());
  }

  private static boolean repoDigestOrExact(DockerName intended, DockerName signed) {
    if (signed.isNameOnly()) {
      return false;
    }
    if (intended.tag().isPresent()) {
      return signed.toString().equals(intended.toString());
    }
    if (intended.digest().isPresent()) {
      return signed.name().equals(intended.name());
    }
    return false;
  }

  /** Rewrites {@code prefix} to {@code signedPrefix} when the image name starts with it. */
  private static Optional<DockerName> remap(DockerName image, SignedIdentity.RemapIdentity r) {
    String name = image.name();
    String prefix = r.prefix();
    boolean applies = name.equals(prefix)
        || (name.length() > prefix.length() && name.startsWith(prefix)
            && name.charAt(prefix.length()) == '/');
    if (!applies) {
      return Optional.of(image);
    }
    String rewritten = r.signedPrefix() + image.toString().substring(prefix.length());
    Optional<DockerName> parsed = parse(rewritten);
    // like reference.ParseNamed: the rewritten text must already be in normalised form
    return parsed.filter(p -> p.toString().equals(rewritten));
  }

  private static Optional<DockerName> parse(String text) {
    try {
      return Optional.of(DockerName.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
