package dev.claviger.policy.internal.builtins;

import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.StringReader;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.jcajce.provider.asymmetric.util.EC5Util;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** One PEM private key (PKCS#1, SEC1 or PKCS#8; RSA or EC) as a private JWK. */
final class PrivateKeys {
  private PrivateKeys() {}

  static JWK parse(String pemBlock) throws BuiltinError {
    try (PEMParser p = new PEMParser(new StringReader(pemBlock))) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      KeyPair kp;
      if (o instanceof PEMKeyPair pair) {
        kp = conv.getKeyPair(pair);
      } else if (o instanceof PrivateKeyInfo info) {
        PrivateKey priv = conv.getPrivateKey(info);
        kp = new KeyPair(publicOf(priv), priv);
      } else {
        throw new BuiltinError("PEM block is not a private key");
      }
      if (kp.getPrivate() instanceof RSAPrivateKey rsa) {
        return new RSAKey.Builder((RSAPublicKey) kp.getPublic()).privateKey(rsa).build();
      }
      if (kp.getPrivate() instanceof ECPrivateKey ec) {
        return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), (ECPublicKey) kp.getPublic()).privateKey(ec).build();
      }
      throw new BuiltinError("unsupported private key type " + kp.getPrivate().getAlgorithm());
    } catch (IOException | GeneralSecurityException | IllegalArgumentException | IllegalStateException e) {
      throw new BuiltinError("failed to parse private key: " + e.getMessage());
    }
  }

  private static PublicKey publicOf(PrivateKey priv) throws GeneralSecurityException, BuiltinError {
    if (priv instanceof RSAPrivateCrtKey rsa) {
      return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
    }
    if (priv instanceof ECPrivateKey ec) {
      var bcSpec = EC5Util.convertSpec(ec.getParams());
      var q = bcSpec.getG().multiply(ec.getS()).normalize();
      ECPoint w = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, ec.getParams()));
    }
    throw new BuiltinError("cannot derive the public key of a " + priv.getAlgorithm() + " key");
  }
}
