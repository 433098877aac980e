package dev.claviger.evidence.tpm;

import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.VerifierRegistry;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A {@link VerifierRegistry} with exactly the TPM and Azure vTPM verifiers, through a class loader
 * that answers the services lookup with a generated file listing only them (so the result does
 * not depend on what the module's own services file lists).
 */
public final class TpmRegistry {
  private static final String SERVICES = "META-INF/services/dev.claviger.evidence.Verifier";
  private static final URL FILE = servicesFile();

  private TpmRegistry() {}

  private static URL servicesFile() {
    try {
      Path f = Files.createTempFile("claviger-tpm-services", ".txt");
      f.toFile().deleteOnExit();
      Files.writeString(f, String.join("\n", TpmVerifier.class.getName(),
          "dev.claviger.evidence.azure.AzSnpVtpmVerifier",
          "dev.claviger.evidence.azure.AzTdxVtpmVerifier") + "\n");
      return f.toUri().toURL();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public static VerifierRegistry load(VerifierConfig config) throws Exception {
    ClassLoader loader = new ClassLoader(TpmRegistry.class.getClassLoader()) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        return SERVICES.equals(name) ? Collections.enumeration(List.of(FILE))
            : super.getResources(name);
      }
    };
    return VerifierRegistry.load(config, loader);
  }
}
