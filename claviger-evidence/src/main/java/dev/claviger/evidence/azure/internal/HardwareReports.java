package dev.claviger.evidence.azure.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.EvidenceRejectedException;
import dev.claviger.evidence.VerifierConfig;
import dev.claviger.evidence.dcap.DcapVerification;
import dev.claviger.evidence.dcap.internal.DcapSettings;
import dev.claviger.evidence.tdx.TdxClaims;
import dev.claviger.evidence.snp.AmdTrustAnchors;
import dev.claviger.evidence.snp.SnpCertEntry;
import dev.claviger.evidence.snp.SnpEvidence;
import dev.claviger.evidence.snp.SnpPolicy;
import dev.claviger.evidence.snp.SnpReport;
import dev.claviger.evidence.snp.SnpReportVerifier;
import dev.claviger.evidence.tpm.TpmError;
import dev.claviger.evidence.tpm.TpmRejectedException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies the hardware report under an HCL report where a verifier for it is configured: SNP
 * through the {@code snp} package (anchors from the {@code snp_verifier} block's
 * {@code anchors_dir}, the VCEK from the evidence, VMPL 0); TDX through the DCAP engine of the
 * {@code dcap_verifier} block (the TD quote from the evidence; the HCL's TDREPORT itself is
 * MAC-protected and not verifiable remotely).
 */
public final class HardwareReports {
  private static final Map<Path, SnpReportVerifier> SNP = new ConcurrentHashMap<>();
  /** TD quote body REPORT_DATA offset: 48-byte header + 520 (v4); v5 adds type+size (6). */
  static final int TD_REPORT_DATA_V4 = 48 + 520;
  /** Quote header tee_type (u32 at offset 4) for TDX. */
  static final int TEE_TYPE_TDX = 0x81;

  private HardwareReports() {}

  /** Verified SNP claims, or empty when no SNP anchors are configured. */
  public static Optional<ObjectNode> snp(HclReport hcl, Optional<byte[]> vcek,
      Optional<JsonNode> snpOptions, Instant now)
      throws EvidenceRejectedException, EvidenceException {
    Optional<String> dir = snpOptions.map(o -> o.path("anchors_dir"))
        .filter(JsonNode::isTextual).map(JsonNode::textValue);
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    if (vcek.isEmpty()) {
      throw new TpmRejectedException(TpmError.HARDWARE_REPORT_UNVERIFIED,
          "az-snp-vtpm evidence carries no VCEK");
    }
    SnpReportVerifier v = snpVerifier(Path.of(dir.get()));
    SnpEvidence ev = new SnpEvidence(SnpReport.parse(hcl.hardwareReport()),
        Optional.of(List.of(SnpCertEntry.of(SnpCertEntry.Type.VCEK, der(vcek.get())))));
    return Optional.of(v.verify(ev, now, SnpPolicy.strict()).claims());
  }

  private static SnpReportVerifier snpVerifier(Path dir) throws EvidenceException {
    SnpReportVerifier v = SNP.get(dir);
    if (v == null) {
      v = new SnpReportVerifier(AmdTrustAnchors.fromDirectory(dir), List.of());
      SNP.put(dir, v);
    }
    return v;
  }

  /** v0 evidence carries the VCEK as PEM text; v1/v2 as DER. */
  static byte[] der(byte[] vcek) {
    String text = new String(vcek, StandardCharsets.US_ASCII);
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      return vcek;
    }
    String body = text.substring(text.indexOf("-----BEGIN CERTIFICATE-----") + 27);
    int end = body.indexOf("-----END CERTIFICATE-----");
    return Base64.getMimeDecoder().decode(end < 0 ? body : body.substring(0, end));
  }

  /**
   * Verified TDX claims when a {@code dcap_verifier} block is configured (the same engine and
   * collateral as the {@code tdx} verifier), else empty. The REPORT_DATA binding is checked first.
   */
  public static Optional<ObjectNode> tdx(Optional<byte[]> tdQuote, byte[] varHash,
      VerifierConfig config, Instant now) throws EvidenceRejectedException, EvidenceException {
    if (tdQuote.isEmpty()) {
      return Optional.empty();
    }
    tdQuoteBinding(tdQuote.get(), varHash);
    if (config.options(DcapSettings.SECTION).isEmpty()) {
      return Optional.empty();
    }
    DcapSettings.Engine engine = DcapSettings.engine(config);
    DcapVerification v = engine.verifier().verify(tdQuote.get(), now, engine.policy());
    return Optional.of(TdxClaims.of(v));
  }

  /** The TD quote must carry the same REPORT_DATA prefix (SHA-256 of the runtime claims). */
  public static void tdQuoteBinding(byte[] tdQuote, byte[] varHash) throws TpmRejectedException {
    if (tdQuote.length < 8) {
      throw new TpmRejectedException(TpmError.HCL_BINDING_MISMATCH, "TD quote too short");
    }
    if ((tdQuote[4] & 0xFF) != TEE_TYPE_TDX || tdQuote[5] != 0 || tdQuote[6] != 0
        || tdQuote[7] != 0) {
      throw new TpmRejectedException(TpmError.HCL_BINDING_MISMATCH, "td_quote is not a TDX quote");
    }
    int version = (tdQuote[0] & 0xFF) | ((tdQuote[1] & 0xFF) << 8);
    int off = switch (version) {
      case 4 -> TD_REPORT_DATA_V4;
      case 5 -> TD_REPORT_DATA_V4 + 6;
      default -> throw new TpmRejectedException(TpmError.HCL_BINDING_MISMATCH,
          "TD quote version " + version);
    };
    if (tdQuote.length < off + 32
        || !MessageDigest.isEqual(Arrays.copyOfRange(tdQuote, off, off + 32), varHash)) {
      throw new TpmRejectedException(TpmError.HCL_BINDING_MISMATCH,
          "TD quote REPORT_DATA does not bind the HCL runtime claims");
    }
  }
}
