package dev.claviger.attestation.internal;

import dev.claviger.attestation.AttestationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Reads the EAR signer's PEM files (bounded). */
final class PemKeys {
  private static final long MAX_PEM_BYTES = 256 * 1024;
  private static final X9ECParameters P256 = ECNamedCurveTable.getByName("secp256r1");

  private PemKeys() {}

  /** A P-256 private key (SEC1 "EC PRIVATE KEY" or PKCS#8 "PRIVATE KEY") with its public key. */
  static KeyPair readP256PrivateKey(Path file) throws AttestationException {
    String pem = read(file, "EAR signer key");
    Object obj = null;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      // openssl ecparam -genkey writes an "EC PARAMETERS" block before the key: skip it.
      for (int i = 0; i < 4; i++) {
        obj = parser.readObject();
        if (!(obj instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier)) {
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new AttestationException("EAR signer key " + file + " is not valid PEM");
    }
    PrivateKeyInfo info;
    if (obj instanceof PEMKeyPair kp) {
      info = kp.getPrivateKeyInfo();
    } else if (obj instanceof PrivateKeyInfo pki) {
      info = pki;
    } else {
      throw new AttestationException("EAR signer key " + file
          + " holds no unencrypted private key (expected EC PRIVATE KEY or PRIVATE KEY)");
    }
    PrivateKey priv;
    try {
      priv = new JcaPEMKeyConverter().getPrivateKey(info);
    } catch (IOException | RuntimeException e) {
      throw new AttestationException("EAR signer key " + file + " cannot be decoded: " + e, e);
    }
    if (!(priv instanceof ECPrivateKey ec) || !isP256(ec)) {
      throw new AttestationException(
          "EAR signer key " + file + ": only P-256 attestation token signing keys are supported");
    }
    return new KeyPair(derivePublic(ec), ec);
  }

  private static boolean isP256(ECPrivateKey k) {
    java.security.spec.ECParameterSpec p = k.getParams();
    return p.getOrder().equals(P256.getN())
        && p.getCurve().getField().getFieldSize() == 256
        && p.getGenerator().getAffineX().equals(P256.getG().getAffineXCoord().toBigInteger());
  }

  /** Q = d*G; PKCS#8 files need not carry the public key. */
  private static java.security.PublicKey derivePublic(ECPrivateKey k) throws AttestationException {
    org.bouncycastle.math.ec.ECPoint q = P256.getG().multiply(k.getS()).normalize();
    BigInteger x = q.getAffineXCoord().toBigInteger();
    BigInteger y = q.getAffineYCoord().toBigInteger();
    try {
      return KeyFactory.getInstance("EC")
          .generatePublic(new ECPublicKeySpec(new ECPoint(x, y), k.getParams()));
    } catch (java.security.GeneralSecurityException e) {
      throw new AttestationException("cannot derive the EAR signer public key", e);
    }
  }

  /** A PEM certificate chain, leaf first; at least one certificate. */
  static List<X509Certificate> readCertificateChain(Path file) throws AttestationException {
    String pem = read(file, "EAR signer certificate chain");
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (Certificate c : cf.generateCertificates(
          new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
        out.add((X509Certificate) c);
      }
    } catch (CertificateException | RuntimeException e) {
      throw new AttestationException("EAR signer certificate chain " + file + " is not valid PEM");
    }
    if (out.isEmpty()) {
      throw new AttestationException("EAR signer certificate chain " + file + " is empty");
    }
    return out;
  }

  private static String read(Path file, String what) throws AttestationException {
    try {
      long size = Files.size(file);
      if (size > MAX_PEM_BYTES) {
        throw new AttestationException(what + " " + file + " is larger than " + MAX_PEM_BYTES + " bytes");
      }
      return Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new AttestationException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
    }
  }
}
