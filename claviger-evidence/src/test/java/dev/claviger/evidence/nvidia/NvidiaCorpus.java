package dev.claviger.evidence.nvidia;

import dev.claviger.evidence.testing.SharedCorpus;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.VerifierRegistry;
import dev.claviger.evidence.nvidia.internal.CertChains;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;

/** The NVIDIA part of the shared evidence corpus, read in place; skipped when absent unless CI=true. */
final class NvidiaCorpus {
  static final String HOPPER_NONCE =
      "931d8dd0add203ac3d8b4fbde75e115278eefcdceac5b87671a748f32364dfcb";
  static final String PPCIE_NONCE =
      "4760e30534a0621357d458b1a7936551b5dc4cd1e69718adf7ed9fb0252a537e";
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String SERVICES = "META-INF/services/dev.claviger.evidence.Verifier";

  private NvidiaCorpus() {}

  static Path root() {
    return SharedCorpus.root();
  }

  static Path nvtrust() {
    return root().resolve("nvidia/nvtrust");
  }

  static byte[] hopperReport() throws IOException {
    return HexFormat.of().parseHex(Files.readString(nvtrust().resolve("hopperAttestationReport.txt")).strip());
  }

  static byte[] hopperChain() throws IOException {
    return Files.readAllBytes(nvtrust().resolve("hopperCertChain.txt"));
  }

  static List<X509Certificate> roots(String file) throws Exception {
    return CertChains.parsePem(Files.readAllBytes(root().resolve("roots/nvidia").resolve(file)),
        CertChains.DEVICE);
  }

  static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  /** Upstream's evidence JSON for one device. */
  static ObjectNode evidence(String arch, String uuid, String evidence, byte[] pem) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode d = root.putArray("device_evidence_list").addObject();
    d.put("arch", arch);
    d.put("uuid", uuid);
    d.put("evidence", evidence);
    d.put("certificate", Base64.getEncoder().encodeToString(pem));
    return root;
  }

  /** The PPCIe files (8 GPUs, 4 switches) as one upstream evidence document. */
  static ObjectNode ppcieEvidence() throws IOException {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ArrayNode list = root.putArray("device_evidence_list");
    for (String f : List.of("gpu_evidence.json", "switch_evidence.json")) {
      JsonNode arr = JSON.readTree(nvtrust().resolve("ppcie").resolve(f).toFile());
      int i = 0;
      for (JsonNode e : arr) {
        ObjectNode d = list.addObject();
        d.put("arch", e.get("arch").asText());
        d.put("uuid", f + "#" + i++);
        d.put("evidence", e.get("evidence").asText());
        d.put("certificate", e.get("certificate").asText());
      }
    }
    return root;
  }

  /** A registry with only the NVIDIA verifier (independent of the module's services file). */
  static VerifierRegistry registry(VerifierConfig config) throws Exception {
    Path f = Files.createTempFile("claviger-nvidia-services", ".txt");
    f.toFile().deleteOnExit();
    Files.writeString(f, NvidiaVerifier.class.getName() + "\n", StandardCharsets.UTF_8);
    URL url = f.toUri().toURL();
    ClassLoader loader = new ClassLoader(NvidiaCorpus.class.getClassLoader()) {
      @Override
      public Enumeration<URL> getResources(String name) throws IOException {
        return SERVICES.equals(name) ? Collections.enumeration(List.of(url))
            : super.getResources(name);
      }
    };
    return VerifierRegistry.load(config, loader);
  }
}
