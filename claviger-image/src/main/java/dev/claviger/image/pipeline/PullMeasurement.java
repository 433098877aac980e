package dev.claviger.image.pipeline;

import dev.claviger.agent.api.AgentApiException;
import dev.claviger.agent.api.AttestationAgent;
import dev.claviger.core.Json;
import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageReference;
import java.util.Objects;

/**
 * Records a successful pull in the guest's runtime measurement log, as the upstream confidential
 * data hub does: domain {@code github.com/confidential-containers}, operation {@code PullImage},
 * content {@code {"image":"<ref>", "digest":"<manifest digest>"}} (with upstream's space after
 * the comma). A failure to record fails the pull: an image that ran unmeasured would break the
 * guarantee a verifier relies on.
 */
@FunctionalInterface
public interface PullMeasurement {
  String DOMAIN = "github.com/confidential-containers";
  String OPERATION = "PullImage";

  /** Called after the bundle is complete; throwing fails the pull and discards the bundle. */
  void imagePulled(ImageReference image, Digest manifestDigest) throws Exception;

  /** No measurement (the default). */
  static PullMeasurement none() {
    return (image, digest) -> { };
  }

  /**
   * Through the attestation agent's {@code ExtendRuntimeMeasurement}. An agent whose event log is
   * not enabled or not supported answers so, and the pull proceeds unmeasured, as upstream.
   */
  static PullMeasurement attestationAgent(AttestationAgent aa) {
    Objects.requireNonNull(aa, "aa");
    return (image, digest) -> {
      try {
        aa.extendRuntimeMeasurement(DOMAIN, OPERATION, eventContent(image, digest));
      } catch (AgentApiException e) {
        throw new IllegalStateException("extending the runtime measurement failed: " + e.getMessage(), e);
      }
    };
  }

  /** The event content exactly as upstream formats it. */
  static String eventContent(ImageReference image, Digest manifestDigest) {
    return "{\"image\":" + Json.write(image.toString()) + ", \"digest\":" + Json.write(manifestDigest.toString()) + "}";
  }
}
