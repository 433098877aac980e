package dev.claviger.image.sign;

import java.util.Objects;

/**
 * A payload whose signature verified under a trusted key. It says nothing yet about whether the
 * digest and identity fit the image; that is the policy verifier's job.
 *
 * @param payload the parsed payload
 * @param signer the primary-key fingerprint (GPG, upper-case hex) or a key description (cosign)
 */
public record SignedPayload(SignaturePayload payload, String signer) {
  public SignedPayload {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(signer, "signer");
  }
}
