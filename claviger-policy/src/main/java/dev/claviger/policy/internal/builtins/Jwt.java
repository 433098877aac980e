package dev.claviger.policy.internal.builtins;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import dev.claviger.policy.Value;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * io.jwt.*: decode, verify_* (signature only, with the algorithm the function names), decode_verify
 * (signature plus exp/nbf/iss/aud), encode_sign and encode_sign_raw. Signatures are checked with JCA
 * directly so the token header can never choose a weaker algorithm than the function asked for.
 */
final class Jwt {
  static final int MAX_TOKEN = 1024 * 1024;
  private static final List<String> ALGS = List.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512",
      "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

  private Jwt() {}

  /** A split compact JWS. */
  record Token(String signingInput, Value.Obj header, Value payload, byte[] signature) {}

  static void register(Registry r) {
    r.add("io.jwt.decode", 1, (a, c) -> {
      Token t = token("io.jwt.decode", Args.str("io.jwt.decode", a, 0));
      return Value.array(t.header(), t.payload(), Value.str(HexFormat.of().formatHex(t.signature())));
    });
    for (String alg : ALGS) {
      String name = "io.jwt.verify_" + alg.toLowerCase(java.util.Locale.ROOT);
      r.add(name, 2, (a, c) -> {
        Token t = token(name, Args.str(name, a, 0));
        String key = Args.str(name, a, 1);
        return Value.bool(alg.startsWith("HS") ? verifyHmac(alg, t, Encoding.utf8(key)) : verifyPublic(name, alg, t, key));
      });
    }
    r.add("io.jwt.decode_verify", 2, (a, c) -> JwtDecodeVerify.decodeVerify(a, c));
    r.add("io.jwt.encode_sign", 3, (a, c) -> {
      String fn = "io.jwt.encode_sign";
      Value.Obj header = Args.obj(fn, a, 0);
      Args.obj(fn, a, 1);
      return sign(fn, header, JsonText.compact(header), JsonText.compact(a[1]), Args.obj(fn, a, 2));
    });
    r.add("io.jwt.encode_sign_raw", 3, (a, c) -> {
      String fn = "io.jwt.encode_sign_raw";
      String header = Args.str(fn, a, 0);
      Value h = JsonText.parseOrNull(header);
      Value k = JsonText.parseOrNull(Args.str(fn, a, 2));
      if (!(h instanceof Value.Obj ho) || !(k instanceof Value.Obj ko)) {
        throw new BuiltinError("`" + fn + "`: header and key must be JSON objects");
      }
      return sign(fn, ho, header, Args.str(fn, a, 1), ko);
    });
  }

  static Token token(String fn, String jwt) throws BuiltinError {
    if (jwt.length() > MAX_TOKEN) {
      throw new BuiltinError("`" + fn + "`: token larger than " + MAX_TOKEN + " bytes");
    }
    String[] parts = jwt.split("\\.", -1);
    if (parts.length != 3) {
      throw new BuiltinError("`" + fn + "`: encoded JWT had no payload or was not a compact JWS");
    }
    try {
      Value header = JsonText.parseOrNull(new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8));
      Value payload = JsonText.parseOrNull(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
      byte[] sig = Base64.getUrlDecoder().decode(parts[2]);
      if (!(header instanceof Value.Obj h) || !(payload instanceof Value.Obj)) {
        throw new BuiltinError("`" + fn + "`: JWT header and payload must be JSON objects");
      }
      return new Token(parts[0] + "." + parts[1], h, payload, sig);
    } catch (IllegalArgumentException e) {
      throw new BuiltinError("`" + fn + "`: JWT is not valid base64url");
    }
  }

  private static String hash(String alg) {
    return "SHA-" + alg.substring(2);
  }

  static boolean verifyHmac(String alg, Token t, byte[] secret) throws BuiltinError {
    byte[] expected = hmac(alg, secret, t.signingInput());
    return MessageDigest.isEqual(expected, t.signature());
  }

  private static byte[] hmac(String alg, byte[] secret, String input) throws BuiltinError {
    try {
      Mac mac = Mac.getInstance("HmacSHA" + alg.substring(2));
      String name = "HmacSHA" + alg.substring(2);
      mac.init(secret.length == 0 ? new Crypto.EmptyKey(name) : new SecretKeySpec(secret, name));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new BuiltinError("HMAC unavailable: " + e.getMessage());
    }
  }

  static boolean verifyPublic(String fn, String alg, Token t, String keyText) throws BuiltinError {
    for (PublicKey k : JwtKeys.publicKeys(fn, keyText)) {
      try {
        Signature s = signature(alg);
        s.initVerify(k);
        s.update(t.signingInput().getBytes(StandardCharsets.US_ASCII));
        if (s.verify(t.signature())) {
          return true;
        }
      } catch (GeneralSecurityException e) {
        // Wrong key type for this algorithm, or a malformed signature: try the next key.
      }
    }
    return false;
  }

  private static Signature signature(String alg) throws GeneralSecurityException {
    if (alg.equals("EdDSA")) {
      return Signature.getInstance("Ed25519");
    }
    String bits = alg.substring(2);
    return switch (alg.substring(0, 2)) {
      case "RS" -> Signature.getInstance("SHA" + bits + "withRSA");
      case "ES" -> Signature.getInstance("SHA" + bits + "withECDSAinP1363Format");
      default -> {
        Signature s = Signature.getInstance("RSASSA-PSS");
        int len = Integer.parseInt(bits) / 8;
        s.setParameter(new PSSParameterSpec(hash(alg), "MGF1", new MGF1ParameterSpec(hash(alg)), len, 1));
        yield s;
      }
    };
  }

  private static Value sign(String fn, Value.Obj header, String headerJson, String payloadJson, Value.Obj jwk)
      throws BuiltinError {
    if (!(header.get("alg") instanceof Value.Str algV) || !ALGS.contains(algV.value())) {
      throw new BuiltinError("`" + fn + "`: unsupported or missing \"alg\" header");
    }
    String alg = algV.value();
    Base64.Encoder enc = Base64.getUrlEncoder().withoutPadding();
    String input = enc.encodeToString(Encoding.utf8(headerJson)) + "." + enc.encodeToString(Encoding.utf8(payloadJson));
    try {
      JWK key = JWK.parse(JsonText.compact(jwk));
      byte[] sig;
      if (alg.startsWith("HS")) {
        if (!(key instanceof OctetSequenceKey oct)) {
          throw new BuiltinError("`" + fn + "`: " + alg + " needs an \"oct\" key");
        }
        sig = hmac(alg, oct.toByteArray(), input);
      } else {
        PrivateKey priv = JwtKeys.privateKey(key);
        if (priv == null) {
          throw new BuiltinError("`" + fn + "`: " + alg + " needs a private RSA, EC or Ed25519 key");
        }
        Signature s = signature(alg);
        s.initSign(priv);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        sig = s.sign();
      }
      return Value.str(input + "." + enc.encodeToString(sig));
    } catch (java.text.ParseException | JOSEException | GeneralSecurityException e) {
      throw new BuiltinError("`" + fn + "`: signing failed: " + e.getMessage());
    }
  }
}
