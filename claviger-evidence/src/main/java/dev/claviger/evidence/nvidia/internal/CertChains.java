package dev.claviger.evidence.nvidia.internal;

import dev.claviger.evidence.nvidia.NvidiaError;
import dev.claviger.evidence.nvidia.NvidiaRejectedException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Certificate chains as NVIDIA ships them (leaf first, usually ending with the root): PEM
 * parsing with bounds, and link-by-link verification to a root pinned by SHA-256 of its DER.
 * Revocation is not checked here: NVIDIA publishes it only through OCSP, which is online.
 */
public final class CertChains {
  /** Errors to raise for a device chain or a RIM signing chain. */
  public record Errors(NvidiaError malformed, NvidiaError chain, NvidiaError root,
      NvidiaError expired) {}

  public static final Errors DEVICE = new Errors(NvidiaError.MALFORMED, NvidiaError.CHAIN_INVALID,
      NvidiaError.WRONG_ROOT, NvidiaError.CERT_EXPIRED);
  public static final Errors RIM = new Errors(NvidiaError.RIM_MALFORMED,
      NvidiaError.RIM_CHAIN_INVALID, NvidiaError.RIM_CHAIN_INVALID, NvidiaError.RIM_CERT_EXPIRED);

  private static final int MAX_CERTS = 8;
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_CERT_SIGN = 5;
  private static final int MAX_PEM = 64 * 1024;
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private CertChains() {}

  /** Parses concatenated PEM certificates (text around them, e.g. a trailing NUL, is ignored). */
  public static List<X509Certificate> parsePem(byte[] pem, Errors errors)
      throws NvidiaRejectedException {
    if (pem.length > MAX_PEM) {
      throw new NvidiaRejectedException(errors.malformed(), "certificate chain too large");
    }
    String text = new String(pem, StandardCharsets.US_ASCII);
    List<byte[]> ders = new ArrayList<>();
    int at = text.indexOf(BEGIN);
    while (at >= 0) {
      int end = text.indexOf(END, at);
      if (end < 0 || ders.size() == MAX_CERTS) {
        throw new NvidiaRejectedException(errors.malformed(),
            "unterminated or too many PEM blocks");
      }
      String body = text.substring(at + BEGIN.length(), end).replaceAll("\\s", "");
      try {
        ders.add(Base64.getDecoder().decode(body));
      } catch (IllegalArgumentException e) {
        throw new NvidiaRejectedException(errors.malformed(), "PEM body is not base64", e);
      }
      at = text.indexOf(BEGIN, end);
    }
    return parseDer(ders, errors);
  }

  /** Parses DER certificates. */
  public static List<X509Certificate> parseDer(List<byte[]> ders, Errors errors)
      throws NvidiaRejectedException {
    if (ders.isEmpty() || ders.size() > MAX_CERTS) {
      throw new NvidiaRejectedException(errors.malformed(), ders.size() + " certificates");
    }
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (byte[] der : ders) {
        out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (CertificateException | ClassCastException e) {
      throw new NvidiaRejectedException(errors.malformed(), "unparseable certificate", e);
    }
    return out;
  }

  /**
   * Verifies chain[i] is signed by chain[i+1] (names chained, issuers are CAs allowed to sign
   * certificates, the leaf allowed to sign) and that the chain
   * ends at a pinned root: either its last element is one, or a pinned root signed the last one.
   */
  public static void verify(List<X509Certificate> chain, List<X509Certificate> roots,
      Instant now, Errors errors) throws NvidiaRejectedException {
    List<X509Certificate> full = new ArrayList<>(chain);
    X509Certificate last = chain.get(chain.size() - 1);
    if (!isPinned(last, roots)) {
      X509Certificate root = roots.stream()
          .filter(r -> r.getSubjectX500Principal().equals(last.getIssuerX500Principal()))
          .findFirst()
          .orElseThrow(() -> new NvidiaRejectedException(errors.root(),
              "chain ends at " + last.getIssuerX500Principal() + ", not a configured root"));
      full.add(root);
    }
    for (int i = 0; i < full.size(); i++) {
      X509Certificate c = full.get(i);
      X509Certificate issuer = i + 1 < full.size() ? full.get(i + 1) : c;
      checkValidity(c, now, errors);
      if (!c.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
        throw new NvidiaRejectedException(errors.chain(), "issuer of " + c.getSubjectX500Principal()
            + " is not " + issuer.getSubjectX500Principal());
      }
      if (i > 0 && (c.getBasicConstraints() < 0 || !allows(c, KEY_CERT_SIGN))) {
        throw new NvidiaRejectedException(errors.chain(),
            c.getSubjectX500Principal() + " issues certificates but is not a CA");
      }
      if (i == 0 && !allows(c, DIGITAL_SIGNATURE)) {
        throw new NvidiaRejectedException(errors.chain(),
            c.getSubjectX500Principal() + " may not sign (key usage)");
      }
      try {
        c.verify(issuer.getPublicKey());
      } catch (GeneralSecurityException e) {
        throw new NvidiaRejectedException(errors.chain(),
            "signature of " + c.getSubjectX500Principal() + " does not verify", e);
      }
    }
  }

  /** An absent key-usage extension allows everything (RFC 5280 §4.2.1.3). */
  private static boolean allows(X509Certificate c, int bit) {
    boolean[] usage = c.getKeyUsage();
    return usage == null || (usage.length > bit && usage[bit]);
  }

  private static void checkValidity(X509Certificate c, Instant now, Errors errors)
      throws NvidiaRejectedException {
    try {
      c.checkValidity(Date.from(now));
    } catch (CertificateExpiredException | CertificateNotYetValidException e) {
      throw new NvidiaRejectedException(errors.expired(), c.getSubjectX500Principal()
          + " is not valid at " + now + " (" + c.getNotBefore().toInstant() + ".."
          + c.getNotAfter().toInstant() + ")", e);
    }
  }

  private static boolean isPinned(X509Certificate c, List<X509Certificate> roots) {
    String fp = sha256(c);
    return roots.stream().anyMatch(r -> sha256(r).equals(fp));
  }

  /** Lowercase hex SHA-256 of the certificate's DER. */
  public static String sha256(X509Certificate c) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException("cannot fingerprint a certificate", e);
    }
  }

  /** Fails closed on anchors whose fingerprint is not in {@code pins} (when pins are given). */
  public static void requirePinned(List<X509Certificate> anchors, Set<String> pins, String what)
      throws dev.claviger.evidence.EvidenceException {
    for (X509Certificate a : anchors) {
      if (!pins.isEmpty() && !pins.contains(sha256(a))) {
        throw new dev.claviger.evidence.EvidenceException(
            what + " " + a.getSubjectX500Principal() + " is not pinned (sha256 " + sha256(a) + ")");
      }
    }
  }
}
