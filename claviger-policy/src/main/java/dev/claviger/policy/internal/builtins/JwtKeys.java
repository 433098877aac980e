package dev.claviger.policy.internal.builtins;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Verification and signing keys for io.jwt.*: PEM certificates/public keys, JWKs and JWK Sets. */
final class JwtKeys {
  /** DER prefixes turning a raw 32-byte Ed25519 key into SPKI / PKCS#8. */
  private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");
  private static final byte[] ED25519_PKCS8 = HexFormat.of().parseHex("302e020100300506032b657004220420");

  private JwtKeys() {}

  static List<PublicKey> publicKeys(String fn, String text) throws BuiltinError {
    List<PublicKey> out = new ArrayList<>();
    try {
      if (text.trim().startsWith("-----BEGIN")) {
        pemPublicKeys(text, out);
      } else {
        List<JWK> jwks = text.contains("\"keys\"") ? JWKSet.parse(text).getKeys() : List.of(JWK.parse(text));
        for (JWK k : jwks) {
          PublicKey p = publicKey(k);
          if (p != null) {
            out.add(p);
          }
        }
      }
    } catch (ParseException | JOSEException | IOException | GeneralSecurityException | IllegalArgumentException e) {
      throw new BuiltinError("`" + fn + "`: failed to parse verification key: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new BuiltinError("`" + fn + "`: no usable verification key");
    }
    return out;
  }

  private static void pemPublicKeys(String text, List<PublicKey> out) throws IOException, CertificateException {
    if (text.contains("-----BEGIN CERTIFICATE-----")) {
      for (var c : CertificateFactory.getInstance("X.509").generateCertificates(
          new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)))) {
        out.add(c.getPublicKey());
      }
      return;
    }
    try (PEMParser p = new PEMParser(new StringReader(text))) {
      for (Object o = p.readObject(); o != null; o = p.readObject()) {
        if (o instanceof SubjectPublicKeyInfo spki) {
          out.add(new JcaPEMKeyConverter().getPublicKey(spki));
        }
      }
    }
  }

  private static PublicKey publicKey(JWK k) throws JOSEException, GeneralSecurityException {
    if (k instanceof RSAKey rsa) {
      return rsa.toRSAPublicKey();
    }
    if (k instanceof ECKey ec) {
      return ec.toECPublicKey();
    }
    if (k instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve())) {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(concat(ED25519_SPKI, okp.getDecodedX())));
    }
    return null;
  }

  static PrivateKey privateKey(JWK k) throws JOSEException, GeneralSecurityException {
    if (k instanceof RSAKey rsa && rsa.isPrivate()) {
      return rsa.toPrivateKey();
    }
    if (k instanceof ECKey ec && ec.isPrivate()) {
      return ec.toPrivateKey();
    }
    if (k instanceof OctetKeyPair okp && okp.isPrivate() && Curve.Ed25519.equals(okp.getCurve())) {
      return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(concat(ED25519_PKCS8, okp.getDecodedD())));
    }
    return null;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
