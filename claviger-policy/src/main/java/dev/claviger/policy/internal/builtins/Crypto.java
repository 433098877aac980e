package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Value;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** crypto.* digests, HMACs, X.509 parsing/verification and private-key parsing. */
final class Crypto {
  /** Certificate and key inputs larger than this are refused. */
  static final int MAX_INPUT = 1024 * 1024;
  private static final Pattern PEM_BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----[\\s\\S]*?-----END \\1-----");

  private Crypto() {}

  static void register(Registry r) {
    digest(r, "crypto.md5", "MD5");
    digest(r, "crypto.sha1", "SHA-1");
    digest(r, "crypto.sha256", "SHA-256");
    hmac(r, "crypto.hmac.md5", "HmacMD5");
    hmac(r, "crypto.hmac.sha1", "HmacSHA1");
    hmac(r, "crypto.hmac.sha256", "HmacSHA256");
    hmac(r, "crypto.hmac.sha512", "HmacSHA512");
    r.add("crypto.hmac.equal", 2, (a, c) -> Value.bool(MessageDigest.isEqual(
        Encoding.utf8(Args.str("crypto.hmac.equal", a, 0)), Encoding.utf8(Args.str("crypto.hmac.equal", a, 1)))));
    r.add("crypto.x509.parse_certificates", 1, (a, c) -> {
      List<X509Certificate> certs = certificates("crypto.x509.parse_certificates", Args.str("crypto.x509.parse_certificates", a, 0));
      return render("crypto.x509.parse_certificates", certs);
    });
    r.add("crypto.x509.parse_and_verify_certificates", 1, (a, c) -> {
      String fn = "crypto.x509.parse_and_verify_certificates";
      List<X509Certificate> certs = certificates(fn, Args.str(fn, a, 0));
      if (!verifyChain(certs, new Date(Math.floorDiv(c.nowNanos(), 1_000_000L)))) {
        return Value.array(Value.FALSE, Value.EMPTY_ARRAY);
      }
      return Value.array(Value.TRUE, render(fn, certs));
    });
    r.add("crypto.x509.parse_and_verify_certificates_with_options", 2, (a, c) -> {
      String fn = "crypto.x509.parse_and_verify_certificates_with_options";
      List<X509Certificate> certs = certificates(fn, Args.str(fn, a, 0));
      if (!VerifyOptions.verify(certs, Args.obj(fn, a, 1), c)) {
        return Value.array(Value.FALSE, Value.EMPTY_ARRAY);
      }
      return Value.array(Value.TRUE, render(fn, certs));
    });
    r.add("crypto.x509.parse_certificate_request", 1, (a, c) -> CertRequests.parse(Args.str("crypto.x509.parse_certificate_request", a, 0)));
    r.add("crypto.x509.parse_rsa_private_key", 1, (a, c) -> {
      String fn = "crypto.x509.parse_rsa_private_key";
      List<Value> keys = privateKeys(fn, Args.str(fn, a, 0));
      if (keys.size() != 1 || !(keys.get(0) instanceof Value.Obj o) || !Value.str("RSA").equals(o.get("kty"))) {
        throw new BuiltinError("`" + fn + "`: expected exactly one RSA private key");
      }
      return keys.get(0);
    });
    r.add("crypto.parse_private_keys", 1, (a, c) -> Value.array(privateKeys("crypto.parse_private_keys", Args.str("crypto.parse_private_keys", a, 0))));
  }

  private static void digest(Registry r, String name, String alg) {
    r.add(name, 1, (a, c) -> {
      try {
        return Value.str(HexFormat.of().formatHex(MessageDigest.getInstance(alg).digest(Encoding.utf8(Args.str(name, a, 0)))));
      } catch (GeneralSecurityException e) {
        throw new BuiltinError("`" + name + "`: " + alg + " unavailable");
      }
    });
  }

  private static void hmac(Registry r, String name, String alg) {
    r.add(name, 2, (a, c) -> {
      byte[] msg = Encoding.utf8(Args.str(name, a, 0));
      byte[] key = Encoding.utf8(Args.str(name, a, 1));
      try {
        Mac mac = Mac.getInstance(alg);
        // An empty HMAC key is legal (Go accepts it); SecretKeySpec does not, so pad the spec.
        mac.init(key.length == 0 ? new EmptyKey(alg) : new SecretKeySpec(key, alg));
        return Value.str(HexFormat.of().formatHex(mac.doFinal(msg)));
      } catch (GeneralSecurityException e) {
        throw new BuiltinError("`" + name + "`: " + e.getMessage());
      }
    });
  }

  /** A zero-length HMAC key. */
  record EmptyKey(String alg) implements javax.crypto.SecretKey {
    @Override public String getAlgorithm() {
      return alg;
    }

    @Override public String getFormat() {
      return "RAW";
    }

    @Override public byte[] getEncoded() {
      return new byte[0];
    }
  }

  /** PEM text, or base64 of PEM or DER, as bytes for a CertificateFactory. */
  static byte[] pemOrDer(String fn, String input) throws BuiltinError {
    if (input.length() > MAX_INPUT) {
      throw new BuiltinError("`" + fn + "`: input larger than " + MAX_INPUT + " bytes");
    }
    if (input.trim().startsWith("-----BEGIN")) {
      return input.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return Base64.getMimeDecoder().decode(input);
    } catch (IllegalArgumentException e) {
      throw new BuiltinError("`" + fn + "`: input is neither PEM nor base64");
    }
  }

  static List<X509Certificate> certificates(String fn, String input) throws BuiltinError {
    byte[] data = pemOrDer(fn, input);
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (java.security.cert.Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(data))) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new BuiltinError("`" + fn + "`: no certificates found");
      }
      return out;
    } catch (CertificateException e) {
      throw new BuiltinError("`" + fn + "`: failed to parse certificates: " + e.getMessage());
    }
  }

  private static Value render(String fn, List<X509Certificate> certs) throws BuiltinError {
    List<Value> out = new ArrayList<>();
    for (X509Certificate c : certs) {
      try {
        out.add(X509Values.certificate(c));
      } catch (java.security.cert.CertificateParsingException e) {
        throw new BuiltinError("`" + fn + "`: " + e.getMessage());
      }
    }
    return Value.ownArray(out);
  }

  /**
   * OPA's chain rule: the first certificate is the leaf, the last the trusted root, the rest
   * intermediates. Like Go's default VerifyOptions, a leaf with extended key usages must allow
   * server authentication.
   */
  static boolean verifyChain(List<X509Certificate> certs, Date at) {
    return VerifyOptions.verify(certs, at, Set.of(VerifyOptions.SERVER_AUTH), null);
  }

  static List<Value> privateKeys(String fn, String input) throws BuiltinError {
    if (input.isEmpty()) {
      return List.of();
    }
    String pem = new String(pemOrDer(fn, input), StandardCharsets.UTF_8);
    List<Value> out = new ArrayList<>();
    Matcher m = PEM_BLOCK.matcher(pem);
    while (m.find()) {
      try {
        out.add(JsonText.parseOrNull(PrivateKeys.parse(m.group()).toJSONString()));
      } catch (BuiltinError e) {
        throw new BuiltinError("`" + fn + "`: " + m.group(1) + ": " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new BuiltinError("`" + fn + "`: no PEM private key found");
    }
    return out;
  }
}
