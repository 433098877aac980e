package dev.claviger.image.policy.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.policy.KeySource;
import dev.claviger.image.policy.PolicyRequirement;
import dev.claviger.image.policy.SignedIdentity;
import java.util.Optional;
import java.util.Set;

/** The {@code sigstoreSigned} requirement: public keys implemented; Fulcio, Rekor, PKI typed as unsupported. */
final class SigstoreRequirementJson {
  private static final String[] KEY_MEMBERS = {"keyPath", "keyPaths", "keyData", "keyDatas"};
  private static final String[] UNSUPPORTED_MEMBERS = {"fulcio", "pki", "rekorPublicKeyPath",
      "rekorPublicKeyPaths", "rekorPublicKeyData", "rekorPublicKeyDatas"};

  private SigstoreRequirementJson() {}

  static PolicyRequirement parse(JsonNode r) throws MalformedInputException {
    PolicyJson.object(r, "sigstoreSigned", Set.of("type", "keyPath", "keyPaths", "keyData",
        "keyDatas", "fulcio", "pki", "rekorPublicKeyPath", "rekorPublicKeyPaths",
        "rekorPublicKeyData", "rekorPublicKeyDatas", "signedIdentity"));
    // Deliberate: with no signedIdentity the signature must name exactly the image reference
    // (containers/image defaults to matchRepoDigestOrExact, image-rs checks nothing).
    SignedIdentity identity = r.has("signedIdentity")
        ? PolicyJson.identity(r.get("signedIdentity"))
        : new SignedIdentity.MatchExact();
    Optional<String> unsupported = PolicyJson.present(r, UNSUPPORTED_MEMBERS);
    boolean hasKeys = PolicyJson.present(r, KEY_MEMBERS).isPresent();
    if (unsupported.isPresent()) {
      if (r.has("fulcio") && r.has("pki")) {
        throw new MalformedInputException("policy: sigstoreSigned: fulcio and pki are exclusive");
      }
      Optional<KeySource> keys = hasKeys
          ? Optional.of(PolicyJson.keySource(r, "sigstoreSigned", "keyPath", "keyPaths", "keyData", "keyDatas"))
          : Optional.empty();
      if (!hasKeys && !r.has("fulcio") && !r.has("pki")) {
        throw new MalformedInputException(
            "policy: sigstoreSigned: one of keyPath, keyPaths, keyData, keyDatas, fulcio or pki must be specified");
      }
      return new PolicyRequirement.SigstoreSigned(keys, identity,
          Optional.of("sigstoreSigned '" + unsupported.get() + "' (Fulcio/Rekor/PKI) is not implemented"));
    }
    KeySource keys =
        PolicyJson.keySource(r, "sigstoreSigned", "keyPath", "keyPaths", "keyData", "keyDatas");
    return new PolicyRequirement.SigstoreSigned(Optional.of(keys), identity, Optional.empty());
  }
}
