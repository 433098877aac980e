package dev.claviger.attestation;

import dev.claviger.attestation.internal.DefaultAttestationService;
import dev.claviger.store.Store;
import java.time.Clock;

/** Creates {@link AttestationService} instances. */
public final class AttestationServices {
  private AttestationServices() {}

  /**
   * Builds an Attestation Service over {@code store} (policies and reference values persist
   * there): loads the verifiers, the signing key (or generates an ephemeral one), and compiles
   * the default policies.
   *
   * @throws AttestationException the configuration is unusable (bad key file, verifier load error)
   */
  public static AttestationService create(AttestationConfig config, Store store, Clock clock)
      throws AttestationException {
    return DefaultAttestationService.create(config, store, clock);
  }
}
