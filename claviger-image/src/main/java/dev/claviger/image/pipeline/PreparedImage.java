package dev.claviger.image.pipeline;

import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageConfig;
import dev.claviger.image.policy.VerifiedImage;
import dev.claviger.image.runtime.Bundle;
import dev.claviger.image.runtime.RuntimeSpec;
import dev.claviger.image.unpack.UnpackResult;
import java.util.List;
import java.util.Objects;

/**
 * An image that passed the policy, was decrypted, unpacked and given a runtime spec: ready for
 * {@code runc run}.
 *
 * @param verified the signature-policy proof for {@link #manifestDigest()}
 * @param manifestDigest the platform manifest that was unpacked
 * @param config the image config (its digest was checked against the manifest)
 * @param bundle the bundle directory with {@code config.json} and {@code rootfs/}
 * @param spec the runtime spec written to {@code config.json}
 * @param layers one result per layer, in order
 * @param encryptedLayers how many layers were decrypted
 */
public record PreparedImage(VerifiedImage verified, Digest manifestDigest, ImageConfig config, Bundle bundle,
    RuntimeSpec spec, List<UnpackResult> layers, int encryptedLayers) {
  public PreparedImage {
    Objects.requireNonNull(verified, "verified");
    Objects.requireNonNull(manifestDigest, "manifestDigest");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(spec, "spec");
    layers = List.copyOf(layers);
  }
}
