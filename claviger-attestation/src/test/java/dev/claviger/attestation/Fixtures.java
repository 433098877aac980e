package dev.claviger.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.CanonicalJson;
import dev.claviger.core.Digests;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifierConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/** Shared test data: the guest-components worked vector, sample evidence, RV messages. */
public final class Fixtures {
  public static final ObjectMapper M = new ObjectMapper();
  public static final String NONCE = "J8mDJ4Ryl6e2-RK1cfZnXtRbYoG9nUmL5mn_NyZmHQk";
  public static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

  private Fixtures() {}

  /** The P-256 tee-pubkey of guest-components.md §2.3. */
  public static ObjectNode teePubkey() {
    ObjectNode k = M.createObjectNode();
    k.put("kty", "EC");
    k.put("crv", "P-256");
    k.put("alg", "ECDH-ES+A256KW");
    k.put("x", "QT3_slJmispaOwnAo6hxebXGLRuiveFuRCLpS4j4S4k");
    k.put("y", "jcDn4N4nRBQ-a7_D3qjqtb6hwOAXh_ve1wvibPSi1G0");
    return k;
  }

  /** The runtime data a KBS builds for a guest without devices. */
  public static ObjectNode runtimeData(String additionalEvidence) {
    ObjectNode rd = M.createObjectNode();
    rd.put("nonce", NONCE);
    rd.set("tee-pubkey", teePubkey());
    rd.put("additional-evidence", additionalEvidence);
    return rd;
  }

  public static byte[] bindingDigest(JsonNode runtimeData) throws Exception {
    return Digests.digest(HashAlgorithm.SHA384, CanonicalJson.canonicalize(runtimeData));
  }

  /** Evidence as upstream's sample attester emits it for this runtime data. */
  public static ObjectNode sampleEvidence(String tee, JsonNode runtimeData) throws Exception {
    ObjectNode ev = M.createObjectNode();
    ev.put("svn", tee.equals("sampledevice") ? "2" : "1");
    ev.put("report_data", Base64.getEncoder().encodeToString(bindingDigest(runtimeData)));
    return ev;
  }

  public static AttestationRequest sampleRequest() throws Exception {
    ObjectNode rd = runtimeData("");
    return new AttestationRequest(Tee.SAMPLE, sampleEvidence("sample", rd), rd,
        HashAlgorithm.SHA384, Optional.empty(), Map.of(), "default");
  }

  /** An RVPS {@code sample} message for {@code values}. */
  public static JsonNode rvMessage(String valuesJson) {
    ObjectNode m = M.createObjectNode();
    m.put("version", "0.1.0");
    m.put("type", "sample");
    m.put("payload", Base64.getEncoder().encodeToString(valuesJson.getBytes(StandardCharsets.UTF_8)));
    return m;
  }

  /** The reference values upstream's integration tests register for the sample TEE. */
  public static final String SAMPLE_RVS =
      "{\"svn\":[\"1\"],\"launch_digest\":[\"abcde\"],\"major_version\":1,\"minimum_minor_version\":1}";

  public static AttestationConfig sampleConfig() {
    return AttestationConfig.defaults().withVerifiers(VerifierConfig.defaults().allowInsecureSample());
  }

  /** A clock tests can move. */
  public static final class MutableClock extends Clock {
    private volatile Instant now;

    public MutableClock(Instant now) {
      this.now = now;
    }

    public void set(Instant t) {
      now = t;
    }

    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
    @Override public Clock withZone(java.time.ZoneId zone) { return this; }
    @Override public Instant instant() { return now; }
  }

  /** ${claviger.shared}, or ../shared from the reactor root; skip (fail under CI) when absent. */
  public static Path shared() {
    String prop = System.getProperty("claviger.shared");
    java.util.List<Path> candidates = new java.util.ArrayList<>();
    if (prop != null) {
      candidates.add(Path.of(prop));
    }
    // Module directory (surefire's working directory) -> reactor root -> ../shared.
    candidates.add(Path.of("..", "..", "shared"));
    candidates.add(Path.of("..", "shared"));
    for (Path c : candidates) {
      if (Files.isDirectory(c.resolve("conformance"))) {
        return c;
      }
    }
    if ("true".equals(System.getenv("CI"))) {
      throw new AssertionError("shared test data not found; tried " + candidates);
    }
    return Assumptions.abort("shared test data not found (set -Dclaviger.shared); skipping");
  }
}
