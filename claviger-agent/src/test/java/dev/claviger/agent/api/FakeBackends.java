package dev.claviger.agent.api;

import dev.claviger.core.SecretBytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Recording backends: evidence echoes the runtime data, resources come from a map. */
final class FakeBackends {
  private FakeBackends() {}

  static final class Agent implements AttestationAgent {
    final List<byte[]> runtimeData = new CopyOnWriteArrayList<>();
    final List<String> aael = new ArrayList<>();
    volatile boolean fail;

    @Override
    public String tee() {
      return "sample";
    }

    @Override
    public List<String> additionalTees() {
      return List.of();
    }

    @Override
    public byte[] evidence(byte[] data) throws AgentApiException {
      if (fail) {
        throw new AgentApiException("attester unavailable");
      }
      runtimeData.add(data);
      return ("{\"svn\":\"1\",\"report_data\":\"" + Base64.getEncoder().encodeToString(data) + "\"}")
          .getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] additionalEvidence(byte[] data) {
      return new byte[0];
    }

    @Override
    public SecretBytes token(String type) throws AgentApiException {
      if (!type.equals("kbs")) {
        throw new AgentApiException("Unsupported token type " + type);
      }
      return SecretBytes.copyOf("{\"token\":\"a.b.c\",\"tee_keypair\":\"PEM\"}".getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public MeasurementResult extendRuntimeMeasurement(String domain, String operation, String content) {
      aael.add(domain + " " + operation + " " + content);
      return MeasurementResult.NOT_ENABLED;
    }
  }

  static ResourceProvider resources(Map<String, byte[]> byUri, List<String> calls) {
    return uri -> {
      calls.add(uri);
      byte[] bytes = byUri.get(uri);
      if (bytes == null) {
        throw new AgentApiException("resource " + uri + " not found");
      }
      return SecretBytes.copyOf(bytes);
    };
  }
}
