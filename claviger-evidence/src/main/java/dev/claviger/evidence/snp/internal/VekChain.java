package dev.claviger.evidence.snp.internal;

import dev.claviger.evidence.snp.AmdTrustAnchors;
import dev.claviger.evidence.snp.ProcessorGeneration;
import dev.claviger.evidence.snp.SnpError;
import dev.claviger.evidence.snp.SnpRejectedException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * VCEK/VLEK → ASK/ASVK → ARK. Names must chain, the ASK/ASVK must be a CA named for the
 * generation and key kind, every certificate must be valid at the instant, the ARK must be the
 * pinned one, and the ASK/ASVK must not be on a (valid) CRL of that ARK. Signature checks are
 * cached per (VEK, intermediate, ARK); names, validity and CRLs are checked on every call.
 */
public final class VekChain {
  private static final int CACHE_LIMIT = 4096;

  private final AmdTrustAnchors anchors;
  private final Map<ChainKey, Boolean> verifiedSignatures = new ConcurrentHashMap<>();

  /** Certificates compare by their DER encoding (the JDK caches it), so this keys by content. */
  private record ChainKey(X509Certificate vek, X509Certificate mid, X509Certificate ark) {}

  public VekChain(AmdTrustAnchors anchors) {
    this.anchors = anchors;
  }

  /** The kind of endorsement key. */
  public enum Kind { VCEK, VLEK }

  /**
   * Verifies the chain at {@code at}.
   *
   * @param suppliedAsk the ASK/ASVK from the evidence, if any (else the anchors' copy)
   * @param suppliedArk the ARK from the evidence, if any: must be the pinned ARK itself
   * @return whether a CRL was consulted
   */
  public boolean verify(ProcessorGeneration gen, Kind kind, X509Certificate vek,
      Optional<X509Certificate> suppliedAsk, Optional<X509Certificate> suppliedArk, Instant at,
      boolean requireCrl) throws SnpRejectedException {
    return verify(gen, kind, vek, suppliedAsk, suppliedArk, List.of(), at, requireCrl);
  }

  /**
   * As above, also using CRLs the evidence's certificate table carried; each must be issued and
   * signed by the generation's pinned ARK.
   */
  public boolean verify(ProcessorGeneration gen, Kind kind, X509Certificate vek,
      Optional<X509Certificate> suppliedAsk, Optional<X509Certificate> suppliedArk,
      List<X509CRL> suppliedCrls, Instant at, boolean requireCrl) throws SnpRejectedException {
    X509Certificate ark = anchors.ark(gen).orElseThrow(() -> reject(SnpError.UNTRUSTED_ROOT,
        "no pinned ARK for " + gen.productName()));
    if (suppliedArk.isPresent() && !suppliedArk.get().equals(ark)) {
      throw reject(SnpError.UNTRUSTED_ROOT, "the evidence's ARK is not the pinned ARK-" + gen.productName());
    }
    String intermediateCn = (kind == Kind.VCEK ? "SEV-" : "SEV-VLEK-") + gen.productName();
    X509Certificate mid = suppliedAsk.or(() -> kind == Kind.VCEK ? anchors.ask(gen) : anchors.asvk(gen))
        .orElseThrow(() -> reject(SnpError.CHAIN_INVALID, "no " + intermediateCn + " certificate"));
    checkNames(vek, mid, ark, intermediateCn);
    checkSignatures(vek, mid, ark);
    for (X509Certificate c : List.of(vek, mid, ark)) {
      checkValidity(c, at);
    }
    List<X509CRL> crls = new java.util.ArrayList<>(anchors.crls(gen));
    for (X509CRL crl : suppliedCrls) {
      if (!crl.getIssuerX500Principal().equals(ark.getSubjectX500Principal()) || !crlSignedBy(crl, ark)) {
        throw reject(SnpError.CRL_INVALID, "the evidence's CRL is not signed by ARK-" + gen.productName());
      }
      crls.add(crl);
    }
    return checkRevocation(gen, crls, mid, at, requireCrl);
  }

  private static boolean crlSignedBy(X509CRL crl, X509Certificate issuer) {
    try {
      crl.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static void checkNames(X509Certificate vek, X509Certificate mid, X509Certificate ark,
      String intermediateCn) throws SnpRejectedException {
    if (!intermediateCn.equals(Certs.commonName(mid.getSubjectX500Principal()))) {
      throw reject(SnpError.CHAIN_INVALID, "intermediate is '"
          + Certs.commonName(mid.getSubjectX500Principal()) + "', expected '" + intermediateCn + "'");
    }
    if (!vek.getIssuerX500Principal().equals(mid.getSubjectX500Principal())
        || !mid.getIssuerX500Principal().equals(ark.getSubjectX500Principal())) {
      throw reject(SnpError.CHAIN_INVALID, "issuer and subject names do not chain");
    }
    if (mid.getBasicConstraints() < 0) {
      throw reject(SnpError.CHAIN_INVALID, intermediateCn + " is not a CA certificate");
    }
    if (vek.getBasicConstraints() >= 0) {
      throw reject(SnpError.CHAIN_INVALID, "the VCEK/VLEK is a CA certificate");
    }
    PublicKey k = vek.getPublicKey();
    if (!(k instanceof ECPublicKey ec) || ec.getParams().getCurve().getField().getFieldSize() != 384) {
      throw reject(SnpError.CHAIN_INVALID, "the VCEK/VLEK key is not ECDSA P-384");
    }
  }

  private void checkSignatures(X509Certificate vek, X509Certificate mid, X509Certificate ark)
      throws SnpRejectedException {
    ChainKey key = new ChainKey(vek, mid, ark);
    if (verifiedSignatures.containsKey(key)) {
      return;
    }
    if (!signedBy(mid, ark)) {
      throw reject(SnpError.CHAIN_INVALID, "the ASK/ASVK is not signed by the ARK");
    }
    if (!signedBy(vek, mid)) {
      throw reject(SnpError.CHAIN_INVALID, "the VCEK/VLEK is not signed by the ASK/ASVK");
    }
    if (verifiedSignatures.size() >= CACHE_LIMIT) {
      verifiedSignatures.clear();
    }
    verifiedSignatures.put(key, Boolean.TRUE);
  }

  private static boolean signedBy(X509Certificate c, X509Certificate issuer) {
    try {
      c.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static void checkValidity(X509Certificate c, Instant at) throws SnpRejectedException {
    try {
      c.checkValidity(Date.from(at));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw reject(SnpError.CERTIFICATE_NOT_VALID_AT_INSTANT, "'"
          + Certs.commonName(c.getSubjectX500Principal()) + "' is valid " + c.getNotBefore().toInstant()
          + " .. " + c.getNotAfter().toInstant() + ", not at " + at);
    }
  }

  private static boolean checkRevocation(ProcessorGeneration gen, List<X509CRL> crls,
      X509Certificate mid, Instant at, boolean requireCrl) throws SnpRejectedException {
    if (crls.isEmpty()) {
      if (requireCrl) {
        throw reject(SnpError.CRL_INVALID, "no AMD CRL for " + gen.productName());
      }
      return false;
    }
    boolean current = false;
    for (X509CRL crl : crls) {
      Date next = crl.getNextUpdate();
      if (crl.getThisUpdate().toInstant().isAfter(at) || next == null || next.toInstant().isBefore(at)) {
        continue;
      }
      current = true;
      if (crl.isRevoked(mid)) {
        throw reject(SnpError.REVOKED, "'" + Certs.commonName(mid.getSubjectX500Principal())
            + "' is revoked by the ARK-" + gen.productName() + " CRL");
      }
    }
    if (!current) {
      throw reject(SnpError.CRL_INVALID, "no AMD CRL for " + gen.productName() + " is valid at " + at);
    }
    return true;
  }

  private static SnpRejectedException reject(SnpError e, String detail) {
    return new SnpRejectedException(e, detail);
  }
}
