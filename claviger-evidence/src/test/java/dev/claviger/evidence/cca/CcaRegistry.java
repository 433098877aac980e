package dev.claviger.evidence.cca;

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
 * A {@link VerifierRegistry} with exactly the CCA verifier, through a class loader that answers
 * the services lookup with a generated file listing only it (independent of the module's own
 * services file).
 */
final class CcaRegistry {
  private static final String SERVICES = "META-INF/services/dev.claviger.evidence.Verifier";
  private static final URL FILE = servicesFile();

  private CcaRegistry() {}

  private static URL servicesFile() {
    try {
      Path f = Files.createTempFile("claviger-cca-services", ".txt");
      f.toFile().deleteOnExit();
      Files.writeString(f, CcaVerifier.class.getName() + "\n");
      return f.toUri().toURL();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static VerifierRegistry load(VerifierConfig config) throws Exception {
    ClassLoader loader = new ClassLoader(CcaRegistry.class.getClassLoader()) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        return SERVICES.equals(name) ? Collections.enumeration(List.of(FILE))
            : super.getResources(name);
      }
    };
    return VerifierRegistry.load(config, loader);
  }
}
