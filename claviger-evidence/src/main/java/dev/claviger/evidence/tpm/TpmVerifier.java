package dev.claviger.evidence.tpm;

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
import dev.claviger.evidence.tpm.internal.QuoteBindings;
import dev.claviger.evidence.tpm.internal.QuoteVerifier;
import dev.claviger.evidence.tpm.internal.QuotedPcrs;
import dev.claviger.evidence.tpm.internal.TpmEvidence;
import dev.claviger.evidence.tpm.internal.TpmSettings;
import java.util.HexFormat;

/**
 * Verifier for upstream's {@code tpm} evidence (a TPM 2.0 quote with the AK public key).
 *
 * <p>Checks, in order: the quote signature (RSASSA, RSAPSS or ECDSA; SHA-256 or stronger) with
 * the AK; the PCR values against the quote's pcrDigest; AK trust ({@link AkTrust}, from the
 * {@code tpm_verifier} options — an AK certificate chaining to a configured CA, or a configured
 * AK key; fail-closed when neither matches unless trust is explicitly deferred to the policy);
 * extraData against the report data fitted to 32 bytes; PCR 8 against the init data; and, when
 * the evidence carries an {@code eventlog}, replay of the log against the quoted PCRs.
 *
 * <p>Claims, as upstream: {@code ak_public}, {@code report_data} (hex nonce), {@code init_data}
 * (hex PCR 8), {@code pcr00..pcr23} (hex, SHA-256 bank); plus {@code ak_trust}, {@code quote}
 * and {@code event_log}. Thread-safe.
 */
public final class TpmVerifier implements Verifier {
  /** The option block name in the verifier configuration (upstream's {@code tpm_verifier}). */
  public static final String OPTIONS = "tpm_verifier";

  @Override
  public Tee tee() {
    return Tee.TPM;
  }

  @Override
  public VerifiedEvidence verify(Evidence evidence, ExpectedReportData reportData,
      ExpectedInitData initData, VerificationContext ctx)
      throws EvidenceRejectedException, EvidenceException {
    TpmSettings settings = TpmSettings.from(ctx.config().options(OPTIONS));
    TpmEvidence ev = TpmEvidence.parse(evidence.json());
    QuotedPcrs pcrs = QuoteVerifier.verify(ev.attest(), ev.signature(), ev.akPublic(), ev.pcrs());
    checkAkArea(ev);
    AkTrust.Basis basis = settings.akTrust().check(ev.akPublic(), ev.akCert().orElse(null),
        ev.akChain(), ctx.now());
    VerifierAccess.Builder result = ctx.access().builder();
    QuoteBindings.nonce(Tee.TPM, ev.attest(), reportData, result);
    QuoteBindings.initData(Tee.TPM, pcrs, initData, result);
    var log = QuoteBindings.eventLog(ev.eventLog(), pcrs, settings.requireEventLog());

    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    claims.put("ak_public", ev.akPublicB64());
    claims.put("ak_trust", basis.claim());
    claims.put("report_data", HexFormat.of().formatHex(ev.attest().extraData()));
    pcrs.value(TpmHashAlg.SHA256, QuoteBindings.INIT_DATA_PCR)
        .ifPresent(v -> claims.put("init_data", HexFormat.of().formatHex(v)));
    QuoteBindings.pcrClaims(pcrs, claims);
    QuoteBindings.quoteClaims(ev.attest(), ev.signature(), pcrs, claims);
    log.ifPresent(l -> claims.set("event_log", l));
    ev.akArea().ifPresent(a -> claims.put("ak_name", HexFormat.of().formatHex(a.name())));
    return result.device(TeeClass.CPU, claims).build();
  }

  /**
   * When the AK's public area is sent it must be the quote's key and a restricted signing key:
   * only a restricted key refuses to sign outside data that starts with TPM_GENERATED_VALUE, so
   * only its signature proves the TPM produced the TPMS_ATTEST.
   */
  private static void checkAkArea(TpmEvidence ev) throws TpmRejectedException {
    if (ev.akArea().isEmpty()) {
      return;
    }
    var area = ev.akArea().get();
    if (!java.security.MessageDigest.isEqual(area.key().getEncoded(),
        ev.akPublic().getEncoded())) {
      throw new TpmRejectedException(TpmError.AK_UNTRUSTED,
          "ak_tpm_public is not the key in ak_public");
    }
    if (!area.isAttestationKey()) {
      throw new TpmRejectedException(TpmError.AK_UNTRUSTED, "the AK is not a restricted, "
          + "fixedTPM signing key created in the TPM (attributes 0x"
          + Long.toHexString(area.attributes()) + ")");
    }
  }
}
