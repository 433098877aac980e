package dev.claviger.policy.internal.builtins;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * crypto.x509.parse_keypair: Go's tls.X509KeyPair as JSON (Certificate as base64 DER, PrivateKey
 * with Go's big-integer fields, Leaf). Like Go, a key that does not match the leaf is an error.
 */
final class KeyPairs {
  private static final String FN = "crypto.x509.parse_keypair";
  private static final Pattern PRIVATE_PEM = Pattern.compile(
      "-----BEGIN ((?:RSA |EC )?PRIVATE KEY)-----[\\s\\S]*?-----END \\1-----");

  private KeyPairs() {}

  static void register(Registry r) {
    r.add(FN, 2, (a, c) -> parse(Args.str(FN, a, 0), Args.str(FN, a, 1)));
  }

  private static Value parse(String certText, String keyText) throws BuiltinError {
    List<X509Certificate> certs = Crypto.certificates(FN, certText);
    String keyPem = new String(Crypto.pemOrDer(FN, keyText), StandardCharsets.UTF_8);
    Matcher m = PRIVATE_PEM.matcher(keyPem);
    if (!m.find()) {
      throw new BuiltinError("`" + FN + "`: failed to find any PEM data in key input");
    }
    JWK key;
    try {
      key = PrivateKeys.parse(m.group());
    } catch (BuiltinError e) {
      throw new BuiltinError("`" + FN + "`: " + e.getMessage());
    }
    X509Certificate leaf = certs.get(0);
    try {
      if (!java.util.Arrays.equals(publicKeyOf(key).getEncoded(), leaf.getPublicKey().getEncoded())) {
        throw new BuiltinError("`" + FN + "`: private key does not match public key");
      }
      TreeMap<Value, Value> out = new TreeMap<>();
      List<Value> der = new ArrayList<>();
      for (X509Certificate c : certs) {
        der.add(Value.str(X509Values.b64(c.getEncoded())));
      }
      out.put(Value.str("Certificate"), Value.ownArray(der));
      out.put(Value.str("PrivateKey"), privateKey(key));
      out.put(Value.str("Leaf"), X509Values.certificate(leaf));
      out.put(Value.str("OCSPStaple"), Value.NULL);
      out.put(Value.str("SignedCertificateTimestamps"), Value.NULL);
      out.put(Value.str("SupportedSignatureAlgorithms"), Value.NULL);
      return Value.ownObject(out);
    } catch (JOSEException | CertificateEncodingException | CertificateParsingException e) {
      throw new BuiltinError("`" + FN + "`: " + e.getMessage());
    }
  }

  private static PublicKey publicKeyOf(JWK key) throws JOSEException {
    return key instanceof RSAKey rsa ? rsa.toPublicKey() : ((ECKey) key).toPublicKey();
  }

  private static Value privateKey(JWK key) {
    TreeMap<Value, Value> m = new TreeMap<>();
    if (key instanceof RSAKey rsa) {
      m.put(Value.str("N"), Num.of(rsa.getModulus().decodeToBigInteger()));
      m.put(Value.str("E"), Num.of(rsa.getPublicExponent().decodeToBigInteger()));
      m.put(Value.str("D"), Num.of(rsa.getPrivateExponent().decodeToBigInteger()));
      if (rsa.getFirstPrimeFactor() != null) {
        m.put(Value.str("Primes"), Value.array(Num.of(rsa.getFirstPrimeFactor().decodeToBigInteger()),
            Num.of(rsa.getSecondPrimeFactor().decodeToBigInteger())));
      }
    } else if (key instanceof ECKey ec) {
      m.put(Value.str("X"), Num.of(ec.getX().decodeToBigInteger()));
      m.put(Value.str("Y"), Num.of(ec.getY().decodeToBigInteger()));
      m.put(Value.str("D"), Num.of(ec.getD().decodeToBigInteger()));
    }
    return Value.ownObject(m);
  }
}
