package dev.claviger.evidence.dcap.internal;

import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapRejectedException;
import dev.claviger.evidence.dcap.TrustAnchors;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies collateral items: TCB Info / QE Identity signatures over the exact received bytes by a
 * TCB Signing certificate issued directly by a pinned root, and CRL signatures. Successful
 * signature checks are cached per item instance (items are immutable); time is judged per call.
 */
public final class CollateralCheck {
  private static final int CACHE_LIMIT = 4096;
  private final TrustAnchors anchors;
  private final Map<Object, List<X509Certificate>> signers = new ConcurrentHashMap<>();
  private final Map<CrlKey, Boolean> crlSigs = new ConcurrentHashMap<>();

  private record CrlKey(X509CRL crl, X509Certificate issuer) {}

  public CollateralCheck(TrustAnchors anchors) {
    this.anchors = anchors;
  }

  /**
   * Verifies {@code item}'s signature and signer chain; returns the signer path (signer, root).
   * The signer's validity goes to {@code fresh}; an expired delivered signer is replaced by a
   * known copy of the same certificate (same subject and key) that is valid at the instant.
   */
  List<X509Certificate> verifySigned(Signed<?> item, String what, CollateralPool pool, Instant at,
      Freshness fresh) throws DcapRejectedException {
    List<X509Certificate> path = signers.get(item);
    if (path == null) {
      path = findSigner(item, what, pool);
      if (signers.size() < CACHE_LIMIT) {
        signers.put(item, path);
      }
    }
    X509Certificate signer = path.get(0);
    if (Chains.firstInvalidAt(path, at) != null) {
      for (X509Certificate alt : anchors.intermediates()) {
        if (alt.getSubjectX500Principal().equals(signer.getSubjectX500Principal())
            && alt.getPublicKey().equals(signer.getPublicKey())
            && Chains.firstInvalidAt(List.of(alt, path.get(1)), at) == null
            && Chains.signedBy(alt, path.get(1))) {
          path = List.of(alt, path.get(1));
          break;
        }
      }
    }
    for (X509Certificate c : path) {
      fresh.item(what + " signer '" + Chains.cn(c.getSubjectX500Principal()) + "'",
          c.getNotBefore().toInstant(), c.getNotAfter().toInstant());
    }
    return path;
  }

  private List<X509Certificate> findSigner(Signed<?> item, String what, CollateralPool pool)
      throws DcapRejectedException {
    List<List<X509Certificate>> candidates = new ArrayList<>();
    if (!item.issuerChain().isEmpty()) {
      candidates.add(item.issuerChain());
    } else {
      candidates.addAll(pool.chains());
      anchors.intermediates().forEach(c -> candidates.add(List.of(c)));
    }
    boolean anyKeyMatched = false;
    DcapRejectedException chainError = null;
    for (List<X509Certificate> chain : candidates) {
      X509Certificate signer = chain.get(0);
      if (!"EC".equals(signer.getPublicKey().getAlgorithm())
          || !Ecdsa.verify(signer.getPublicKey(), item.bodyUnsafe(), item.bodyUnsafe().length, item.signature())) {
        continue;
      }
      anyKeyMatched = true;
      try {
        List<X509Certificate> path = Chains.verifyPath(chain, anchors, DcapError.COLLATERAL_INVALID);
        if (path.size() != 2) {
          throw new DcapRejectedException(DcapError.COLLATERAL_INVALID,
              what + " signer is not issued directly by the root");
        }
        if (signer.getExtensionValue(PckExtensions.SGX_EXTENSION_OID) != null) {
          throw new DcapRejectedException(DcapError.COLLATERAL_INVALID, what + " signed by a PCK key");
        }
        return path;
      } catch (DcapRejectedException e) {
        chainError = e;
      }
    }
    if (!anyKeyMatched) {
      throw new DcapRejectedException(DcapError.COLLATERAL_SIGNATURE_INVALID,
          what + " signature does not verify over the received bytes");
    }
    throw chainError;
  }

  /**
   * Checks a CRL issued by {@code issuer} and whether it lists {@code subject}.
   *
   * @throws DcapRejectedException {@code revokedError} when listed, CRL_INVALID when bad
   */
  void checkCrl(X509CRL crl, X509Certificate issuer, X509Certificate subject, DcapError revokedError,
      String what, Instant at, Freshness fresh) throws DcapRejectedException {
    if (!crl.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
      throw new DcapRejectedException(DcapError.CRL_INVALID, what + " is from another issuer");
    }
    CrlKey key = new CrlKey(crl, issuer);
    Boolean ok = crlSigs.get(key);
    if (ok == null) {
      ok = verifyCrl(crl, issuer);
      if (crlSigs.size() < CACHE_LIMIT) {
        crlSigs.put(key, ok);
      }
    }
    if (!ok) {
      throw new DcapRejectedException(DcapError.CRL_INVALID, what + " signature does not verify");
    }
    if (crl.getNextUpdate() == null) {
      throw new DcapRejectedException(DcapError.CRL_INVALID, what + " has no nextUpdate");
    }
    fresh.item(what, crl.getThisUpdate().toInstant(), crl.getNextUpdate().toInstant());
    if (crl.getRevokedCertificate(subject) != null) {
      throw new DcapRejectedException(revokedError, "'" + Chains.cn(subject.getSubjectX500Principal())
          + "' serial " + subject.getSerialNumber().toString(16) + " is listed by the " + what);
    }
  }

  private static boolean verifyCrl(X509CRL crl, X509Certificate issuer) {
    try {
      crl.verify(issuer.getPublicKey());
      return true;
    } catch (java.security.GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
