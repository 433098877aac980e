package dev.claviger.evidence.dcap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.VerifierRegistry;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * A {@link VerifierRegistry} that also sees the TDX and SGX verifiers, through a class loader over
 * the test resource directory {@code dcap-services} (the module's own services file is not ours).
 */
public final class DcapRegistry {
  private DcapRegistry() {}

  public static VerifierRegistry load(VerifierConfig config) throws Exception {
    URL dir = DcapRegistry.class.getResource("/dcap-services/");
    ClassLoader loader = new URLClassLoader(new URL[] {dir}, DcapRegistry.class.getClassLoader());
    return VerifierRegistry.load(config, loader);
  }

  /** {@code dcap_verifier} block with a corpus collateral directory and the corpus Intel roots. */
  public static VerifierConfig config(String collateralDir) {
    ObjectNode b = JsonNodeFactory.instance.objectNode();
    b.put("anchors_dir", DcapCorpus.path("roots/intel").toString());
    if (collateralDir != null) {
      b.put("collateral_dir", DcapCorpus.path(collateralDir).toString());
    }
    return VerifierConfig.defaults().withOptions("dcap_verifier", b);
  }
}
