package dev.claviger.evidence.dcap.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Strict PEM certificate-list reader: only CERTIFICATE blocks separated by whitespace; after the
 * last block only whitespace and NUL bytes (QEs NUL-terminate the chain) are allowed.
 */
public final class Pem {
  static final int MAX_CERTS = 8;
  private static final String BEGIN = "-----BEGIN CERTIFICATE-----";
  private static final String END = "-----END CERTIFICATE-----";

  private Pem() {}

  /** Parses a PEM list; throws {@link CertificateException} on anything unexpected. */
  public static List<X509Certificate> certificates(byte[] pem) throws CertificateException {
    String s = new String(pem, StandardCharsets.US_ASCII);
    List<X509Certificate> out = new ArrayList<>();
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    int p = 0;
    while (true) {
      p = skipSpace(s, p, false);
      if (!s.startsWith(BEGIN, p)) {
        break;
      }
      int e = s.indexOf(END, p);
      if (e < 0) {
        throw new CertificateException("unterminated PEM block");
      }
      if (out.size() == MAX_CERTS) {
        throw new CertificateException("more than " + MAX_CERTS + " certificates");
      }
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(strictBody(s.substring(p + BEGIN.length(), e)));
      } catch (IllegalArgumentException ex) {
        throw new CertificateException("bad base64 in PEM", ex);
      }
      out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
      p = e + END.length();
    }
    if (skipSpace(s, p, true) != s.length()) {
      throw new CertificateException("unexpected bytes after the PEM certificates");
    }
    if (out.isEmpty()) {
      throw new CertificateException("no PEM certificate");
    }
    return out;
  }

  private static String strictBody(String body) throws CertificateException {
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      boolean ok = Character.isLetterOrDigit(c) && c < 128 || c == '+' || c == '/' || c == '='
          || c == '\n' || c == '\r' || c == ' ' || c == '\t';
      if (!ok) {
        throw new CertificateException("invalid character in PEM body");
      }
    }
    return body;
  }

  private static int skipSpace(String s, int p, boolean allowNul) {
    while (p < s.length()) {
      char c = s.charAt(p);
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || allowNul && c == 0) {
        p++;
      } else {
        break;
      }
    }
    return p;
  }
}
