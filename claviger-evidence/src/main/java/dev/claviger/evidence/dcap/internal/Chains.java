package dev.claviger.evidence.dcap.internal;

import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapRejectedException;
import dev.claviger.evidence.dcap.TrustAnchors;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Certificate path checks against {@link TrustAnchors}: issuer/subject linkage, signatures, CA
 * basic constraints, and that the path ends in a pinned root. Time is checked separately so a
 * structurally verified path can be cached and re-judged at each evaluation instant.
 */
public final class Chains {
  private Chains() {}

  /**
   * Verifies {@code chain} (leaf first) up to a pinned root and returns the full path including
   * the anchor. The chain may or may not include the root itself.
   */
  public static List<X509Certificate> verifyPath(List<X509Certificate> chain, TrustAnchors anchors,
      DcapError structural) throws DcapRejectedException {
    List<X509Certificate> path = new ArrayList<>();
    for (int i = 0; i < chain.size(); i++) {
      X509Certificate c = chain.get(i);
      path.add(c);
      for (X509Certificate root : anchors.roots()) {
        if (root.equals(c)) {
          return path;
        }
        if (root.getSubjectX500Principal().equals(c.getIssuerX500Principal()) && signedBy(c, root)) {
          path.add(root);
          return path;
        }
      }
      if (i + 1 == chain.size()) {
        throw new DcapRejectedException(DcapError.UNTRUSTED_ROOT,
            "chain ends at '" + c.getIssuerX500Principal().getName() + "', not a pinned root");
      }
      X509Certificate issuer = chain.get(i + 1);
      if (!issuer.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
        throw new DcapRejectedException(structural, "certificate " + i + " is not issued by the next");
      }
      if (issuer.getBasicConstraints() < 0) {
        throw new DcapRejectedException(structural, "issuer certificate " + (i + 1) + " is not a CA");
      }
      if (!signedBy(c, issuer)) {
        throw new DcapRejectedException(structural, "signature of certificate " + i + " does not verify");
      }
    }
    throw new DcapRejectedException(structural, "empty chain");
  }

  /** Whether {@code c} verifies with {@code issuer}'s key. */
  public static boolean signedBy(X509Certificate c, X509Certificate issuer) {
    try {
      c.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** The first certificate of {@code path} not valid at {@code at}, or null. */
  public static X509Certificate firstInvalidAt(List<X509Certificate> path, Instant at) {
    Date d = Date.from(at);
    for (X509Certificate c : path) {
      if (d.before(c.getNotBefore()) || d.after(c.getNotAfter())) {
        return c;
      }
    }
    return null;
  }

  /** Common name of the subject, or the whole name when it has none. */
  public static String cn(javax.security.auth.x500.X500Principal p) {
    for (String part : p.getName(javax.security.auth.x500.X500Principal.RFC2253).split(",")) {
      if (part.startsWith("CN=")) {
        return part.substring(3);
      }
    }
    return p.getName();
  }
}
