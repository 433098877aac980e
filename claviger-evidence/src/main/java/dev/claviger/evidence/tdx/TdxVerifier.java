package dev.claviger.evidence.tdx;

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
import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapRejectedException;
import dev.claviger.evidence.dcap.DcapVerification;
import dev.claviger.evidence.dcap.QuoteInput;
import dev.claviger.evidence.dcap.internal.DcapSettings;
import dev.claviger.evidence.dcap.internal.QuoteBinding;
import dev.claviger.evidence.dcap.internal.QuoteParser;
import dev.claviger.evidence.dcap.internal.Quote;
import dev.claviger.evidence.dcap.internal.TdReport;

/**
 * Verifier for upstream's {@code tdx} evidence {@code {"quote": "<base64 TD quote v4/v5>",
 * "cc_eventlog": ...}}: full DCAP verification with the {@code dcap_verifier} configuration, then
 * report data (64 bytes) and init data (MR_CONFIG_ID, 48 bytes). A {@code cc_eventlog} (std base64
 * of the CCEL area, then the Attestation Agent's AAEL entries) is parsed and replayed into RTMR0-3,
 * which must equal the quote's, and every AAEL entry must be the hash of its data; its events,
 * AAEL entries included, become the {@code uefi_event_logs} claim. Without a log (upstream only
 * warns) that claim is absent.
 */
public final class TdxVerifier implements Verifier {

  @Override
  public Tee tee() {
    return Tee.TDX;
  }

  @Override
  public VerifiedEvidence verify(Evidence evidence, ExpectedReportData reportData,
      ExpectedInitData initData, VerificationContext ctx)
      throws EvidenceRejectedException, EvidenceException {
    DcapSettings.Engine engine = DcapSettings.engine(ctx.config());
    Quote q = QuoteParser.parse(QuoteInput.fromEvidence(evidence.json()));
    if (!q.isTdx()) {
      throw new DcapRejectedException(DcapError.UNSUPPORTED_QUOTE, "not a TDX quote");
    }
    DcapVerification v = engine.verifier().verify(q, ctx.now(), engine.policy());
    VerifierAccess.Builder result = ctx.access().builder();
    QuoteBinding.check(Tee.TDX, q.reportData(), q.bodyField(TdReport.MR_CONFIG_ID, 48), reportData,
        initData, result);
    com.fasterxml.jackson.databind.node.ObjectNode claims = TdxClaims.of(v);
    EventLogCheck.apply(evidence.json(), q, claims);
    return result.device(TeeClass.CPU, claims).build();
  }
}
