package dev.claviger.evidence.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.EvidenceRejectedException;
import dev.claviger.evidence.azure.internal.HclReport;
import dev.claviger.evidence.azure.internal.RuntimeClaims;
import dev.claviger.evidence.cca.CcaFuzzTarget;
import dev.claviger.evidence.dcap.QuoteFuzzTarget;
import dev.claviger.evidence.dcap.QuoteInput;
import dev.claviger.evidence.eventlog.CanonicalEventLog;
import dev.claviger.evidence.eventlog.CelRecord;
import dev.claviger.evidence.eventlog.MeasuredBoot;
import dev.claviger.evidence.eventlog.TcgEventLog;
import dev.claviger.evidence.nvidia.NvidiaEvidence;
import dev.claviger.evidence.nvidia.NvidiaFuzzTarget;
import dev.claviger.evidence.snp.SnpEvidence;
import dev.claviger.evidence.tdx.CcelFuzzTarget;
import dev.claviger.evidence.tdx.internal.CcelFormatException;
import dev.claviger.evidence.tpm.TpmHashAlg;
import dev.claviger.evidence.tpm.internal.TpmsAttest;
import dev.claviger.evidence.tpm.internal.TpmtPublic;
import dev.claviger.evidence.tpm.internal.TpmtSignature;
import java.util.Arrays;
import java.util.Map;

/**
 * Jazzer targets for every evidence parser: whatever the bytes, a parser either accepts them or
 * throws its typed rejection; any unchecked exception or error escapes to Jazzer as a finding.
 * Plain {@code mvn test} replays the seeds under {@code EvidenceFuzzTestInputs/<method>/} only;
 * {@code bin/fuzz} fuzzes each method for its maxDuration (JAZZER_FUZZ=1).
 *
 * <p>Where a standalone target already exists its {@code fuzzerTestOneInput} is reused, so the
 * standalone form and this one fuzz the same code path.
 */
class EvidenceFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A parser call that may throw anything; {@link #typed} decides what is acceptable. */
  private interface Parse {
    void run() throws Exception;
  }

  /**
   * Runs {@code p}, absorbing the typed rejections. A checked exception of any other type means
   * the parser's contract is broken, so it becomes a finding too.
   */
  private static void typed(Parse p) {
    try {
      p.run();
    } catch (EvidenceRejectedException | EvidenceException | CcelFormatException expected) {
      // the only permitted failures
    } catch (RuntimeException | Error finding) {
      throw finding;
    } catch (Exception e) {
      throw new AssertionError("untyped checked exception from a parser", e);
    }
  }

  /** TDX/SGX quotes, raw and in every text/JSON wrapping QuoteInput accepts, parsed and verified. */
  @FuzzTest(maxDuration = "30s")
  void quote_arbitraryBytes_onlyTypedErrors(byte[] data) {
    QuoteFuzzTarget.fuzzerTestOneInput(data);
    typed(() -> {
      byte[] decoded = QuoteInput.decode(data);
      if (!Arrays.equals(decoded, data)) {
        QuoteFuzzTarget.fuzzerTestOneInput(decoded);
      }
    });
  }

  /** The TDX CC event log (CCEL): parse, RTMR replay and UEFI claim rendering. */
  @FuzzTest(maxDuration = "30s")
  void ccel_arbitraryBytes_onlyTypedErrors(byte[] data) {
    CcelFuzzTarget.fuzzerTestOneInput(data);
  }

  /** SNP evidence: binary/hex/base64 reports via decode, and upstream JSON via fromJson. */
  @FuzzTest(maxDuration = "30s")
  void snp_arbitraryBytes_onlyTypedErrors(byte[] data) {
    typed(() -> SnpEvidence.decode(data));
    JsonNode json = json(data);
    if (json != null) {
      typed(() -> SnpEvidence.fromJson(json));
    }
  }

  /** NVIDIA: SPDM measurement report and opaque data, evidence files, and signed RIM XML. */
  @FuzzTest(maxDuration = "30s")
  void nvidia_arbitraryBytes_onlyTypedErrors(byte[] data) {
    NvidiaFuzzTarget.fuzzerTestOneInput(data);
    typed(() -> NvidiaEvidence.decode(data, null));
    NvidiaFuzzTarget.rimTestOneInput(data);
  }

  /** Arm CCA tokens in every accepted text or binary form, decoded and verified. */
  @FuzzTest(maxDuration = "30s")
  void cca_arbitraryBytes_onlyTypedErrors(byte[] data) {
    CcaFuzzTarget.fuzzerTestOneInput(data);
  }

  /** TPM 2.0 structures: TPMS_ATTEST, TPMT_SIGNATURE, TPMT_PUBLIC / TPM2B_PUBLIC, Azure HCL. */
  @FuzzTest(maxDuration = "30s")
  void tpmStructures_arbitraryBytes_onlyTypedErrors(byte[] data) {
    typed(() -> TpmsAttest.parse(data));
    typed(() -> TpmtSignature.parse(data));
    typed(() -> TpmtPublic.parse(data));
    typed(() -> TpmtPublic.parseTpm2b(data));
    typed(() -> RuntimeClaims.parse(HclReport.parse(data).variableData()));
  }

  /** TCG PC Client event logs (replay and measured-boot claims) and the Canonical Event Log. */
  @FuzzTest(maxDuration = "30s")
  void eventLogs_arbitraryBytes_onlyTypedErrors(byte[] data) {
    typed(() -> {
      TcgEventLog log = TcgEventLog.parse(data);
      for (TpmHashAlg alg : log.banks()) {
        MeasuredBoot.appraise(log, Map.of(alg, log.replay(alg)));
      }
    });
    typed(() -> {
      CanonicalEventLog cel = CanonicalEventLog.parse(data);
      for (CelRecord.Register reg : CelRecord.Register.values()) {
        for (TpmHashAlg alg : TpmHashAlg.values()) {
          cel.replay(reg, alg);
        }
      }
    });
  }

  /** JSON for the fromJson entry points; bytes that are not JSON never reach them. */
  private static JsonNode json(byte[] data) {
    if (data.length == 0 || (data[0] != '{' && data[0] != '[')) {
      return null;
    }
    try {
      return JSON.readTree(data);
    } catch (java.io.IOException notJson) {
      return null;
    }
  }
}
