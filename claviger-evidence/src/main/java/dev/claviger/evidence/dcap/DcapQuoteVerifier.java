package dev.claviger.evidence.dcap;

import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.dcap.internal.CollateralCheck;
import dev.claviger.evidence.dcap.internal.Ecdsa;
import dev.claviger.evidence.dcap.internal.PckChain;
import dev.claviger.evidence.dcap.internal.QeCertData;
import dev.claviger.evidence.dcap.internal.Quote;
import dev.claviger.evidence.dcap.internal.QuoteParser;
import dev.claviger.evidence.dcap.internal.VerificationRun;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies Intel DCAP ECDSA quotes (SGX v3/v4/v5, TDX v4/v5) in Java, as Intel's Quote
 * Verification Library does: quote signature by the attestation key, QE report binding of that
 * key and the QE auth data, QE report signature by the PCK key, PCK chain to a pinned Intel SGX
 * Root CA, Root CA and PCK CRLs, TCB Info / QE Identity signatures over the exact received bytes,
 * TCB level matching, QE identity and TDX module checks, all at an explicit instant.
 *
 * <p>Thread-safe. Verified PCK chains are cached by the SHA-256 of their PEM bytes and collateral
 * signature checks by item, so repeated quotes from one platform cost two ECDSA verifications.
 */
public final class DcapQuoteVerifier {
  private static final int CHAIN_CACHE_LIMIT = 4096;

  private final TrustAnchors anchors;
  private final CollateralSource collateral;
  private volatile CollateralCheck check;
  private final Map<ByteBuffer, PckChain> chains = new ConcurrentHashMap<>();

  public DcapQuoteVerifier(TrustAnchors anchors, CollateralSource collateral) {
    this.anchors = Objects.requireNonNull(anchors, "anchors");
    this.collateral = Objects.requireNonNull(collateral, "collateral");
    this.check = new CollateralCheck(anchors);
  }

  public TrustAnchors anchors() {
    return anchors;
  }

  public CollateralSource collateral() {
    return collateral;
  }

  /** Drops every cached chain and collateral check (benchmarks measure cold verification). */
  public void clearCaches() {
    chains.clear();
    check = new CollateralCheck(anchors);
  }

  /**
   * Parses and verifies {@code quote} at {@code at}.
   *
   * @throws DcapRejectedException the quote or its collateral failed a check
   * @throws EvidenceException the collateral source could not deliver (our failure)
   */
  public DcapVerification verify(byte[] quote, Instant at, DcapPolicy policy)
      throws DcapRejectedException, EvidenceException {
    return verify(QuoteParser.parse(quote), at, policy);
  }

  /** Verifies a parsed quote at {@code at} under {@code policy}. */
  public DcapVerification verify(Quote q, Instant at, DcapPolicy policy)
      throws DcapRejectedException, EvidenceException {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(policy, "policy");
    verifyQuoteSignature(q);
    verifyQeBinding(q);
    PckChain pck = pckChain(q.qe());
    if (!Ecdsa.verify(pck.leafKey(), q.qe().qeReport().bytes(), 384, q.qe().qeReportSignature())) {
      throw new DcapRejectedException(DcapError.QE_REPORT_SIGNATURE_INVALID,
          "QE report signature does not verify with the PCK key");
    }
    Collateral c = collateral.collateralFor(pck.extensions().fmspc(), pck.caType().wire(), q.isTdx(), at);
    VerificationRun run = new VerificationRun(anchors, c.pool(), check, at, policy);
    return run.complete(q, pck);
  }

  private static void verifyQuoteSignature(Quote q) throws DcapRejectedException {
    PublicKey key;
    try {
      key = Ecdsa.p256Key(q.attestationKey());
    } catch (GeneralSecurityException e) {
      throw new DcapRejectedException(DcapError.QUOTE_SIGNATURE_INVALID, "attestation key is not a P-256 point");
    }
    if (!Ecdsa.verify(key, q.signedRegion(), q.signedLength(), q.signature())) {
      throw new DcapRejectedException(DcapError.QUOTE_SIGNATURE_INVALID,
          "quote signature does not verify with the attestation key");
    }
  }

  private static void verifyQeBinding(Quote q) throws DcapRejectedException {
    byte[] expected;
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(q.attestationKey());
      sha.update(q.qe().authData());
      expected = Arrays.copyOf(sha.digest(), 64);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    if (!MessageDigest.isEqual(expected, q.qe().qeReport().reportData())) {
      throw new DcapRejectedException(DcapError.QE_BINDING_MISMATCH,
          "QE report data is not SHA-256(attestation key || QE auth data) || zeros");
    }
  }

  private PckChain pckChain(QeCertData qe) throws DcapRejectedException {
    byte[] pem = qe.pckChainPem();
    ByteBuffer key;
    try {
      key = ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(pem));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
    PckChain c = chains.get(key);
    if (c == null) {
      c = PckChain.verify(pem, anchors);
      if (chains.size() >= CHAIN_CACHE_LIMIT) {
        chains.clear();
      }
      chains.put(key, c);
    }
    return c;
  }
}
