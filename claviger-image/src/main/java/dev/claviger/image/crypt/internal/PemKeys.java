package dev.claviger.image.crypt.internal;

import dev.claviger.image.crypt.ImageCryptException;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/** PEM and DER key parsing on BouncyCastle's ASN.1 (no BC JCA provider is registered). */
public final class PemKeys {
  // Only for OpenSSL's legacy PEM key derivation, which the JDK lacks; never registered globally.
  private static final java.security.Provider BC = new org.bouncycastle.jce.provider.BouncyCastleProvider();
  private PemKeys() {}

  public static PrivateKey privateKey(byte[] bytes, Optional<char[]> password) throws ImageCryptException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      Object object = isPem(bytes) ? pemObject(bytes) : derPrivateKey(bytes);
      if (object instanceof PEMEncryptedKeyPair encrypted) {
        object = encrypted.decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(BC).build(password(password)));
      } else if (object instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
        object = encrypted.decryptPrivateKeyInfo(
            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(password(password)));
      }
      if (object instanceof PEMKeyPair pair) {
        return converter.getPrivateKey(pair.getPrivateKeyInfo());
      }
      if (object instanceof PrivateKeyInfo info) {
        return converter.getPrivateKey(info);
      }
    } catch (IOException | RuntimeException | OperatorCreationException | PKCSException e) {
      throw malformed("cannot read private key: " + e.getMessage());
    }
    throw malformed("no private key found (expected PKCS#8, PKCS#1, SEC1 PEM/DER or JWK)");
  }

  public static PublicKey publicKey(byte[] bytes) throws ImageCryptException {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    try {
      Object object = isPem(bytes) ? pemObject(bytes) : derPublic(bytes);
      if (object instanceof SubjectPublicKeyInfo spki) {
        return converter.getPublicKey(spki);
      }
      if (object instanceof X509CertificateHolder holder) {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        X509Certificate cert = (X509Certificate) factory.generateCertificate(
            new ByteArrayInputStream(holder.getEncoded()));
        return cert.getPublicKey();
      }
      if (object instanceof PEMKeyPair) {
        throw malformed("this is a private key; recipients need the public key");
      }
    } catch (IOException | RuntimeException | CertificateException e) {
      throw malformed("cannot read public key: " + e.getMessage());
    }
    throw malformed("no public key found (expected SPKI PEM/DER, X.509 certificate or JWK)");
  }

  private static boolean isPem(byte[] bytes) {
    return new String(bytes, 0, Math.min(bytes.length, 4096), StandardCharsets.US_ASCII).contains("-----BEGIN ");
  }

  private static Object pemObject(byte[] bytes) throws IOException, ImageCryptException {
    try (PEMParser parser = new PEMParser(new InputStreamReader(new ByteArrayInputStream(bytes), StandardCharsets.US_ASCII))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        // EC PEM files from openssl ecparam start with an EC PARAMETERS block; skip such extras.
        if (!(object instanceof org.bouncycastle.asn1.ASN1ObjectIdentifier)
            && !(object instanceof org.bouncycastle.asn1.x9.X9ECParameters)) {
          return object;
        }
      }
    }
    throw malformed("PEM contains no key");
  }

  private static Object derPrivateKey(byte[] der) throws ImageCryptException {
    ASN1Sequence seq = sequence(der);
    try {
      return PrivateKeyInfo.getInstance(seq);
    } catch (RuntimeException notPkcs8) {
      // fall through to the bare formats
    }
    try {
      RSAPrivateKey rsa = RSAPrivateKey.getInstance(seq);
      return new PrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE), rsa);
    } catch (RuntimeException | IOException notPkcs1) {
      // fall through
    }
    try {
      ECPrivateKey ec = ECPrivateKey.getInstance(seq);
      if (ec.getParametersObject() == null) {
        throw malformed("SEC1 EC key without curve parameters");
      }
      return new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()), ec);
    } catch (RuntimeException | IOException notSec1) {
      throw malformed("DER is not a PKCS#8, PKCS#1 or SEC1 private key");
    }
  }

  private static Object derPublic(byte[] der) throws ImageCryptException {
    ASN1Sequence seq = sequence(der);
    try {
      return new X509CertificateHolder(org.bouncycastle.asn1.x509.Certificate.getInstance(seq));
    } catch (RuntimeException notCert) {
      // fall through
    }
    try {
      return SubjectPublicKeyInfo.getInstance(seq);
    } catch (RuntimeException notSpki) {
      throw malformed("DER is not an SPKI public key or X.509 certificate");
    }
  }

  private static ASN1Sequence sequence(byte[] der) throws ImageCryptException {
    try {
      ASN1Primitive primitive = ASN1Primitive.fromByteArray(der);
      if (primitive instanceof ASN1Sequence seq) {
        return seq;
      }
    } catch (IOException | RuntimeException e) {
      throw malformed("not DER: " + e.getMessage());
    }
    throw malformed("DER key must be a SEQUENCE");
  }

  private static char[] password(Optional<char[]> password) throws ImageCryptException {
    return password.orElseThrow(() -> malformed("the private key is encrypted; a password is needed"));
  }

  private static ImageCryptException malformed(String message) {
    return new ImageCryptException(Reason.MALFORMED, message);
  }
}
