package dev.claviger.evidence.cca;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.EvidenceRejectedException;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.TeeClass;
import dev.claviger.evidence.VerificationContext;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.Verifier;
import dev.claviger.evidence.VerifierAccess;
import dev.claviger.evidence.cca.internal.CcaClaims;
import dev.claviger.evidence.cca.internal.TokenCheck;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code cca} verifier of the Verifier SPI. Configuration block {@code cca_verifier}:
 *
 * <pre>{@code
 * {"ta_store": "/etc/claviger/cca/tastore.json",   // upstream rust-ccatoken trust-anchor store
 *  "anchors_dir": "/etc/claviger/cca/cpaks"}       // and/or SPKI PEM files (*.pem, *.pub)
 * }</pre>
 *
 * <p>There is no built-in CPAK (no production CCA root is public), so without either entry every
 * token fails with {@link EvidenceException}: fail closed. Report data binds as upstream: the
 * expected digest zero-padded/truncated to 64 bytes equals the realm challenge; the init-data
 * digest equals the realm personalization value exactly. Thread-safe.
 */
public final class CcaVerifier implements Verifier {
  /** The configuration section name. */
  public static final String OPTIONS = "cca_verifier";
  private static final Set<String> KEYS = Set.of("ta_store", "anchors_dir");

  private volatile Settings settings;

  private record Settings(JsonNode config, CcaTrustAnchors anchors) {}

  @Override
  public Tee tee() {
    return Tee.CCA;
  }

  @Override
  public VerifiedEvidence verify(Evidence evidence, ExpectedReportData reportData,
      ExpectedInitData initData, VerificationContext ctx)
      throws EvidenceRejectedException, EvidenceException {
    Objects.requireNonNull(evidence, "evidence");
    CcaTrustAnchors anchors = settings(ctx.config().options(OPTIONS)
        .orElse(JsonNodeFactory.instance.objectNode())).anchors();
    CcaToken token = CcaToken.fromEvidenceJson(evidence.json());
    TokenCheck.Checked checked = TokenCheck.run(token, anchors);
    VerifierAccess.Builder result = ctx.access().builder();
    byte[] challenge = checked.realm().challenge();
    if (reportData.isProvided()) {
      byte[] want = Tee.CCA.reportDataRule().expectedField(reportData.digest().orElseThrow());
      if (!MessageDigest.isEqual(want, challenge)) {
        throw new CcaRejectedException(CcaError.REPORT_DATA_MISMATCH,
            "realm challenge does not match the expected runtime-data digest");
      }
      result.boundReportData(challenge);
    }
    if (initData.isProvided()) {
      byte[] digest = initData.digest().orElseThrow();
      if (!MessageDigest.isEqual(Tee.CCA.initDataRule().expectedField(digest),
          checked.realm().personalizationValue())) {
        throw new CcaRejectedException(CcaError.INIT_DATA_MISMATCH,
            "realm personalization value does not match the init-data digest");
      }
      result.boundInitData(digest);
    }
    return result.device(TeeClass.CPU, CcaClaims.of(checked)).build();
  }

  /**
   * Verifies a token outside the SPI (command line): signatures, RAK binding and CPAK trust, no
   * report-data or init-data binding. Returns the claims as {@link #verify} would.
   */
  public static ObjectNode verifyToken(CcaToken token, CcaTrustAnchors anchors)
      throws CcaRejectedException, EvidenceException {
    requireAnchors(anchors);
    return CcaClaims.of(TokenCheck.run(token, anchors));
  }

  private Settings settings(JsonNode config) throws EvidenceException {
    Settings s = settings;
    if (s == null || !s.config().equals(config)) {
      s = new Settings(config, anchors(config));
      settings = s;
    }
    return s;
  }

  private static CcaTrustAnchors anchors(JsonNode config) throws EvidenceException {
    for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!KEYS.contains(k)) {
        throw new EvidenceException(OPTIONS + ": unknown option " + k
            + " (remote Veraison verification is not supported)");
      }
    }
    CcaTrustAnchors a = CcaTrustAnchors.of(java.util.List.of());
    if (config.hasNonNull("ta_store")) {
      a = a.with(CcaTrustAnchors.fromTaStore(Path.of(config.get("ta_store").asText())));
    }
    if (config.hasNonNull("anchors_dir")) {
      a = a.with(CcaTrustAnchors.fromDirectory(Path.of(config.get("anchors_dir").asText())));
    }
    requireAnchors(a);
    return a;
  }

  private static void requireAnchors(CcaTrustAnchors a) throws EvidenceException {
    if (a.isEmpty()) {
      throw new EvidenceException(OPTIONS + ": no CPAK trust anchors configured (ta_store or"
          + " anchors_dir); CCA tokens cannot be verified");
    }
  }
}
