package dev.claviger.evidence.tpm;

import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.VerifierRegistry;
import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * A {@link VerifierRegistry} with exactly the TPM and Azure vTPM verifiers, through a class loader
 * whose services file is the test resource {@code tpm-services} alone (so the result does not
 * depend on what the module's own services file lists).
 */
public final class TpmRegistry {
  private static final String SERVICES = "META-INF/services/dev.claviger.evidence.Verifier";

  private TpmRegistry() {}

  public static VerifierRegistry load(VerifierConfig config) throws Exception {
    URL file = TpmRegistry.class.getResource("/tpm-services/" + SERVICES);
    ClassLoader loader = new ClassLoader(TpmRegistry.class.getClassLoader()) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        return SERVICES.equals(name) ? Collections.enumeration(java.util.List.of(file))
            : super.getResources(name);
      }
    };
    return VerifierRegistry.load(config, loader);
  }
}
