package dev.claviger.evidence.cca;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds synthetic CCA tokens with fresh keys: a small CBOR encoder, COSE_Sign1 signing, and
 * default realm and platform claims that tests then change one at a time.
 */
final class TestTokens {
  /** A tagged CBOR item. */
  record Tag(long tag, Object item) {}

  private TestTokens() {}

  static KeyPair keyPair(String curve) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(new ECGenParameterSpec(curve));
    return g.generateKeyPair();
  }

  static byte[] rawPoint(ECPublicKey k) {
    int n = (k.getParams().getCurve().getField().getFieldSize() + 7) / 8;
    byte[] out = new byte[1 + 2 * n];
    out[0] = 4;
    put(k.getW().getAffineX(), out, 1, n);
    put(k.getW().getAffineY(), out, 1 + n, n);
    return out;
  }

  static Map<Object, Object> coseKey(ECPublicKey k) {
    byte[] raw = rawPoint(k);
    int n = (raw.length - 1) / 2;
    int crv = n == 32 ? 1 : n == 48 ? 2 : 3;
    return map(1L, 2L, -1L, (long) crv, -2L, Arrays.copyOfRange(raw, 1, 1 + n), -3L,
        Arrays.copyOfRange(raw, 1 + n, raw.length));
  }

  private static void put(BigInteger v, byte[] out, int off, int n) {
    byte[] b = v.toByteArray();
    int len = Math.min(b.length, n);
    System.arraycopy(b, b.length - len, out, off + n - len, len);
  }

  static Map<Object, Object> map(Object... kv) {
    Map<Object, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  /** Legacy (TF-RMM) realm claims with a raw-point RAK hashed with sha-256. */
  static Map<Object, Object> realmClaims(ECPublicKey rak) {
    return map(10L, filled(64, 0xab), 44235L, filled(64, 0x11), 44238L, filled(32, 0x22),
        44239L, List.of(filled(32, 1), filled(32, 2), filled(32, 3), filled(32, 4)),
        44236L, "sha-256", 44237L, rawPoint(rak), 44240L, "sha-256");
  }

  /** Platform claims whose challenge is sha-256 of the given RAK claim bytes. */
  static Map<Object, Object> platformClaims(byte[] rakClaim) throws Exception {
    byte[] instance = filled(33, 0x05);
    instance[0] = 1;
    return map(265L, "http://arm.com/CCA-SSD/1.0.0",
        10L, MessageDigest.getInstance("SHA-256").digest(rakClaim),
        2396L, filled(32, 0x7f), 256L, instance, 2401L, new byte[] {1, 2, 3}, 2395L, 0x3003L,
        2399L, List.of(map(1L, "BL", 2L, filled(32, 9), 4L, "1.0", 5L, filled(32, 8))),
        2400L, "https://veraison.example", 2402L, "sha-256");
  }

  static long alg(KeyPair k) {
    int bits = ((ECPublicKey) k.getPublic()).getParams().getCurve().getField().getFieldSize();
    return bits == 256 ? -7 : bits == 384 ? -35 : -36;
  }

  static byte[] sign(Map<Object, Object> claims, KeyPair key) throws Exception {
    return sign(cbor(map(1L, alg(key))), cbor(claims), key);
  }

  static byte[] sign(byte[] protectedHeader, byte[] payload, KeyPair key) throws Exception {
    long alg = alg(key);
    String jca = alg == -7 ? "SHA256" : alg == -35 ? "SHA384" : "SHA512";
    Signature s = Signature.getInstance(jca + "withECDSAinP1363Format");
    s.initSign(key.getPrivate());
    s.update(cbor(List.of("Signature1", protectedHeader, new byte[0], payload)));
    return cbor(new Tag(18, List.of(protectedHeader, map(), payload, s.sign())));
  }

  static byte[] collection399(byte[] platform, byte[] realm) {
    return cbor(new Tag(399, map(44234L, platform, 44241L, realm)));
  }

  static byte[] collection907(byte[] platform, byte[] realm) {
    return cbor(new Tag(907, map(44234L, List.of(263L, platform), 44241L, List.of(263L, realm))));
  }

  static byte[] filled(int n, int v) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) v);
    return b;
  }

  static byte[] cbor(Object o) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, o);
    return out.toByteArray();
  }

  @SuppressWarnings("unchecked")
  private static void write(ByteArrayOutputStream out, Object o) {
    switch (o) {
      case Long l when l >= 0 -> head(out, 0, l);
      case Long l -> head(out, 1, -1 - l);
      case Integer i -> write(out, (long) i);
      case byte[] b -> {
        head(out, 2, b.length);
        out.writeBytes(b);
      }
      case String s -> {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(out, 3, b.length);
        out.writeBytes(b);
      }
      case List<?> l -> {
        head(out, 4, l.size());
        l.forEach(e -> write(out, e));
      }
      case Map<?, ?> m -> {
        head(out, 5, m.size());
        m.forEach((k, v) -> {
          write(out, k);
          write(out, v);
        });
      }
      case Tag t -> {
        head(out, 6, t.tag());
        write(out, t.item());
      }
      default -> throw new IllegalArgumentException(o.getClass().toString());
    }
  }

  static void head(ByteArrayOutputStream out, int major, long v) {
    int m = major << 5;
    if (v < 24) {
      out.write(m | (int) v);
    } else if (v < 0x100) {
      out.write(m | 24);
      out.write((int) v);
    } else if (v < 0x10000) {
      out.write(m | 25);
      out.write((int) (v >>> 8));
      out.write((int) v);
    } else if (v < 0x100000000L) {
      out.write(m | 26);
      for (int s = 24; s >= 0; s -= 8) {
        out.write((int) (v >>> s));
      }
    } else {
      out.write(m | 27);
      for (int s = 56; s >= 0; s -= 8) {
        out.write((int) (v >>> s));
      }
    }
  }
}
