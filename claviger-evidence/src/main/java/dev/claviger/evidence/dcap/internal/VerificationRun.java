package dev.claviger.evidence.dcap.internal;

import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapPolicy;
import dev.claviger.evidence.dcap.DcapRejectedException;
import dev.claviger.evidence.dcap.DcapVerification;
import dev.claviger.evidence.dcap.TrustAnchors;
import java.io.IOException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * The time- and collateral-dependent part of one verification, after the quote's own signatures
 * passed: PCK chain validity at the instant, revocation, collateral signatures and freshness,
 * TCB evaluation, accepted statuses. One instance per call.
 */
public final class VerificationRun {
  private final TrustAnchors anchors;
  private final CollateralPool pool;
  private final CollateralCheck check;
  private final Instant at;
  private final DcapPolicy policy;
  private final Freshness fresh;

  public VerificationRun(TrustAnchors anchors, CollateralPool pool, CollateralCheck check, Instant at,
      DcapPolicy policy) {
    this.anchors = anchors;
    this.pool = pool;
    this.check = check;
    this.at = at;
    this.policy = policy;
    this.fresh = new Freshness(at, policy.expiry());
  }

  public DcapVerification complete(Quote q, PckChain pck) throws DcapRejectedException {
    X509Certificate bad = Chains.firstInvalidAt(pck.path(), at);
    if (bad != null) {
      throw new DcapRejectedException(DcapError.CERTIFICATE_NOT_VALID_AT_INSTANT, "'"
          + Chains.cn(bad.getSubjectX500Principal()) + "' is valid " + bad.getNotBefore().toInstant()
          + " .. " + bad.getNotAfter().toInstant() + ", not at " + at);
    }
    pck.path().forEach(c -> fresh.dates(c.getNotBefore().toInstant(), c.getNotAfter().toInstant()));
    Optional<X509CRL> rootCrl = pool.crlFor(pck.root(), at);
    OptionalLong rootNum = revocation(rootCrl, pck.root(), pck.path().subList(1, pck.path().size() - 1),
        DcapError.CA_REVOKED, "Root CA CRL");
    OptionalLong pckNum = revocation(pool.crlFor(pck.issuer(), at), pck.issuer(), List.of(pck.leaf()),
        DcapError.PCK_REVOKED, "PCK " + pck.caType().wire() + " CRL");

    Optional<Signed<TcbInfo>> info = pool.tcbInfo(pck.extensions().fmspc(), q.isTdx(), at);
    Optional<Signed<QeIdentity>> qe = pool.identity(q.isTdx() ? "TD_QE" : "QE", at);
    if (info.isEmpty() || qe.isEmpty()) {
      if (policy.requireTcbEvaluation()) {
        throw new DcapRejectedException(DcapError.COLLATERAL_MISSING, (info.isEmpty() ? "TCB Info for FMSPC "
            + dev.claviger.core.Hex.encode(pck.extensions().fmspc()) : (q.isTdx() ? "TD_QE" : "QE") + " identity")
            + " not available");
      }
      return result(q, pck, Optional.empty(), pckNum, rootNum, OptionalLong.empty());
    }
    signedItem(info.get(), "TCB Info", rootCrl, info.get().value().issueDate(), info.get().value().nextUpdate());
    signedItem(qe.get(), "QE Identity", rootCrl, qe.get().value().issueDate(), qe.get().value().nextUpdate());
    TcbEvaluator.Verdict v = TcbEvaluator.evaluate(q, pck.extensions(), info.get().value(), qe.get().value());
    if (!policy.acceptedStatuses().contains(v.status())) {
      throw new DcapRejectedException(DcapError.TCB_STATUS_REJECTED, "TCB status " + v.status() + " is not accepted");
    }
    long eval = Math.min(info.get().value().evaluationDataNumber(), qe.get().value().evaluationDataNumber());
    return result(q, pck, Optional.of(v), pckNum, rootNum, OptionalLong.of(eval));
  }

  private void signedItem(Signed<?> item, String what, Optional<X509CRL> rootCrl, Instant issued,
      Instant next) throws DcapRejectedException {
    List<X509Certificate> signer = check.verifySigned(item, what, pool, at, fresh);
    if (rootCrl.isPresent()) {
      check.checkCrl(rootCrl.get(), signer.get(1), signer.get(0), DcapError.CA_REVOKED, "Root CA CRL", at, fresh);
    }
    fresh.item(what, issued, next);
  }

  private OptionalLong revocation(Optional<X509CRL> crl, X509Certificate issuer, List<X509Certificate> subjects,
      DcapError revoked, String what) throws DcapRejectedException {
    if (crl.isEmpty()) {
      if (policy.requireCrls()) {
        throw new DcapRejectedException(DcapError.COLLATERAL_MISSING, what + " not available");
      }
      return OptionalLong.empty();
    }
    for (X509Certificate s : subjects) {
      check.checkCrl(crl.get(), issuer, s, revoked, what, at, fresh);
    }
    if (subjects.isEmpty()) {
      check.checkCrl(crl.get(), issuer, issuer, revoked, what, at, fresh);
    }
    return crlNumber(crl.get());
  }

  private DcapVerification result(Quote q, PckChain pck, Optional<TcbEvaluator.Verdict> v, OptionalLong pckNum,
      OptionalLong rootNum, OptionalLong eval) {
    return new DcapVerification(q, pck, v, fresh.expired(), fresh.earliestIssue(), fresh.latestIssue(),
        fresh.earliestExpiry(), pckNum, rootNum, eval);
  }

  static OptionalLong crlNumber(X509CRL crl) {
    byte[] ext = crl.getExtensionValue("2.5.29.20");
    if (ext == null) {
      return OptionalLong.empty();
    }
    try {
      ASN1Integer n = ASN1Integer.getInstance(
          ASN1Primitive.fromByteArray(ASN1OctetString.getInstance(ext).getOctets()));
      return OptionalLong.of(n.longValueExact());
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  TrustAnchors anchors() {
    return anchors;
  }
}
