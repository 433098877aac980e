package dev.claviger.evidence.snp.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/** Bounded DER/PEM certificate and CRL reading, fingerprints and common names. */
public final class Certs {
  /** Far above any AMD certificate (about 1.4 KB) or CRL (about 1 KB, grows with revocations). */
  public static final int MAX_BYTES = 256 * 1024;
  private static final int MAX_PEM_BLOCKS = 16;
  /** Names recur (a handful of AMD names); parsing them with LdapName on every call is costly. */
  private static final Map<X500Principal, String> COMMON_NAMES = new ConcurrentHashMap<>();

  private Certs() {}

  /** One certificate, DER or PEM. */
  public static X509Certificate certificate(byte[] data) throws CertificateException {
    List<X509Certificate> all = certificates(data);
    if (all.size() != 1) {
      throw new CertificateException("expected one certificate, found " + all.size());
    }
    return all.get(0);
  }

  /** All certificates of a DER certificate or a PEM bundle. */
  public static List<X509Certificate> certificates(byte[] data) throws CertificateException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    for (byte[] der : blocks(data, "CERTIFICATE")) {
      try {
        out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
      } catch (RuntimeException e) {
        throw new CertificateException("malformed certificate", e);
      }
    }
    return out;
  }

  /** One CRL, DER or PEM ({@code X509 CRL}). */
  public static X509CRL crl(byte[] data) throws CRLException {
    try {
      List<byte[]> b = blocks(data, "X509 CRL");
      if (b.size() != 1) {
        throw new CRLException("expected one CRL, found " + b.size());
      }
      return (X509CRL) CertificateFactory.getInstance("X.509")
          .generateCRL(new ByteArrayInputStream(b.get(0)));
    } catch (CertificateException | RuntimeException e) {
      throw new CRLException("malformed CRL", e);
    }
  }

  private static List<byte[]> blocks(byte[] data, String label) throws CertificateException {
    if (data.length == 0 || data.length > MAX_BYTES) {
      throw new CertificateException("certificate data of " + data.length + " bytes");
    }
    if (data[0] == 0x30) {
      return List.of(data);
    }
    String s = new String(data, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN " + label + "-----";
    String end = "-----END " + label + "-----";
    List<byte[]> out = new ArrayList<>();
    int p = s.indexOf(begin);
    while (p >= 0) {
      int e = s.indexOf(end, p);
      if (e < 0 || out.size() == MAX_PEM_BLOCKS) {
        throw new CertificateException("unterminated PEM block or too many blocks");
      }
      try {
        out.add(Base64.getMimeDecoder().decode(s.substring(p + begin.length(), e)));
      } catch (IllegalArgumentException ex) {
        throw new CertificateException("bad base64 in PEM", ex);
      }
      p = s.indexOf(begin, e);
    }
    if (out.isEmpty()) {
      throw new CertificateException("neither DER nor PEM " + label);
    }
    return out;
  }

  /** Lowercase hex SHA-256 of the DER. */
  public static String sha256(X509Certificate c) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** The single CN of a name, or empty string when there is none or more than one. */
  public static String commonName(X500Principal name) {
    String cn = COMMON_NAMES.get(name);
    if (cn == null) {
      cn = parseCommonName(name);
      if (COMMON_NAMES.size() >= 4096) {
        COMMON_NAMES.clear();
      }
      COMMON_NAMES.put(name, cn);
    }
    return cn;
  }

  private static String parseCommonName(X500Principal name) {
    try {
      String cn = "";
      int count = 0;
      for (Rdn rdn : new LdapName(name.getName(X500Principal.RFC2253)).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          cn = String.valueOf(rdn.getValue());
          count++;
        }
      }
      return count == 1 ? cn : "";
    } catch (InvalidNameException e) {
      return "";
    }
  }

  public static boolean selfSigned(X509Certificate c) {
    return c.getSubjectX500Principal().equals(c.getIssuerX500Principal());
  }
}
