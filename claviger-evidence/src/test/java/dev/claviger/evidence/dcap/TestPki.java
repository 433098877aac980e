package dev.claviger.evidence.dcap;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Test-only P-256 PKI: self-signed roots, issued certificates, CRLs. */
public final class TestPki {
  private static final AtomicLong SERIAL = new AtomicLong(1000);
  static final Instant FROM = Instant.parse("2020-01-01T00:00:00Z");
  static final Instant TO = Instant.parse("2040-01-01T00:00:00Z");

  private TestPki() {}

  /** An issued certificate with its key. */
  public record Issued(X509Certificate cert, KeyPair key) {}

  public static KeyPair p256() {
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
      g.initialize(new ECGenParameterSpec("secp256r1"));
      return g.generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static List<X509Certificate> selfSigned(String dn) {
    return List.of(root(dn).cert());
  }

  public static Issued root(String dn) {
    KeyPair k = p256();
    return new Issued(build(new X500Name(dn), new X500Name(dn), k, k, true, null, null, FROM, TO), k);
  }

  /** A certificate for {@code dn} issued by {@code issuer}; {@code extOid}/{@code ext} optional. */
  public static Issued issue(String dn, Issued issuer, boolean ca, String extOid, ASN1Encodable ext) {
    KeyPair k = p256();
    return new Issued(build(new X500Name(dn), name(issuer.cert()), k, issuer.key(), ca, extOid,
        ext, FROM, TO), k);
  }

  private static X500Name name(X509Certificate c) {
    return X500Name.getInstance(c.getSubjectX500Principal().getEncoded());
  }

  private static X509Certificate build(X500Name dn, X500Name issuerDn, KeyPair subject, KeyPair issuer,
      boolean ca, String extOid, ASN1Encodable ext, Instant from, Instant to) {
    try {
      JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuerDn,
          BigInteger.valueOf(SERIAL.incrementAndGet()), Date.from(from), Date.from(to), dn,
          subject.getPublic());
      if (ca) {
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
      }
      if (extOid != null) {
        b.addExtension(new ASN1ObjectIdentifier(extOid), false, ext);
      }
      return new JcaX509CertificateConverter().getCertificate(
          b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A CRL by {@code issuer} listing {@code revoked}, valid from..to. */
  public static X509CRL crl(Issued issuer, Instant from, Instant to, X509Certificate... revoked) {
    try {
      X509v2CRLBuilder b = new X509v2CRLBuilder(name(issuer.cert()),
          Date.from(from));
      b.setNextUpdate(Date.from(to));
      for (X509Certificate c : revoked) {
        b.addCRLEntry(c.getSerialNumber(), Date.from(from), CRLReason.keyCompromise);
      }
      X509CRLHolder h = b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.key().getPrivate()));
      return new JcaX509CRLConverter().getCRL(h);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
