package dev.claviger.agent.attester;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.Attester;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.attester.internal.FsTsmReports;
import dev.claviger.agent.attester.internal.ReportData;
import dev.claviger.agent.attester.internal.TsmReportSession;
import dev.claviger.agent.attester.internal.TsmReports;
import java.util.Objects;

/**
 * Arm CCA through configfs-tsm (provider {@code arm_cca_guest}): the realm challenge is the report
 * data, at most 64 bytes and zero-padded; evidence is upstream's {@code {"token":[bytes...]}}, the
 * CBOR attestation token as a JSON number array.
 */
public final class CcaAttester implements Attester {
  public static final String TEE = "cca";
  public static final int CHALLENGE_SIZE = 64;

  private final TsmReports tsm;

  CcaAttester(TsmReports tsm) {
    this.tsm = Objects.requireNonNull(tsm, "tsm");
  }

  public static CcaAttester create(PlatformPaths paths) {
    return new CcaAttester(new FsTsmReports(paths.tsmReport()));
  }

  /**
   * A configfs-tsm entry whose provider is {@code arm_cca_guest}. Upstream also requires an aarch64
   * build; the provider only exists there, so the check alone is equivalent on real kernels.
   */
  static boolean detect(TsmReports tsm) {
    return TsmReportSession.probe(tsm, TsmReportSession.CCA);
  }

  @Override
  public String tee() {
    return TEE;
  }

  @Override
  public JsonNode evidence(byte[] challenge) throws AttesterException {
    byte[] padded = ReportData.padTo(challenge, CHALLENGE_SIZE, TEE);
    byte[] token;
    try {
      token = TsmReportSession.request(tsm, TsmReportSession.CCA, padded, false).outblob();
    } catch (TsmReportException e) {
      throw new AttesterException("CCA token: " + e.getMessage(), e);
    }
    ObjectNode evidence = JsonNodeFactory.instance.objectNode();
    ArrayNode bytes = evidence.putArray("token");
    for (byte b : token) {
      bytes.add(b & 0xFF);
    }
    return evidence;
  }

  @Override
  public String toString() {
    return "CcaAttester[" + tsm + "]";
  }
}
