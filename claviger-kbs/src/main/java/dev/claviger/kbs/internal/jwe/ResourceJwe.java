package dev.claviger.kbs.internal.jwe;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Wraps a resource for a TEE key as the flattened JWE JSON that upstream KBS emits
 * ({@code kbs/src/jwe/mod.rs}): {@code enc} A256GCM, AAD = ASCII of the {@code protected} string,
 * no {@code aad} member.
 *
 * <p>The protected header is written by hand, compact, {@code alg} first, {@code enc} second,
 * remaining members sorted and {@code epk} members sorted: the Rust client re-serialises the
 * header it decoded and uses that as the GCM AAD, so any other shape fails its tag check.
 *
 * <p>Thread-safe.
 */
public final class ResourceJwe {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final String ENC = "A256GCM";
  private static final int CEK_BYTES = 32;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final SecureRandom random;

  public ResourceJwe(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /** The flattened JWE, members in upstream's order. */
  public record Flattened(String protectedHeader, String encryptedKey, String iv, String ciphertext, String tag) {
    public ObjectNode toJson() {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("protected", protectedHeader);
      o.put("encrypted_key", encryptedKey);
      o.put("iv", iv);
      o.put("ciphertext", ciphertext);
      o.put("tag", tag);
      return o;
    }
  }

  public Flattened encrypt(TeePublicKey key, byte[] plaintext) throws GeneralSecurityException {
    byte[] cek = new byte[CEK_BYTES];
    random.nextBytes(cek);
    try {
      String header;
      byte[] encryptedKey;
      switch (key) {
        case TeePublicKey.Rsa rsa -> {
          header = "{\"alg\":\"" + rsa.alg().jose() + "\",\"enc\":\"" + ENC + "\"}";
          encryptedKey = rsaWrap(rsa, cek);
        }
        case TeePublicKey.Ec ec -> {
          KeyPair ephemeral = ephemeral(ec);
          header = ecdhHeader(ec, (ECPublicKey) ephemeral.getPublic());
          encryptedKey = ecdhWrap(ec, ephemeral, cek);
        }
      }
      String protectedB64 = B64URL.encodeToString(header.getBytes(StandardCharsets.US_ASCII));
      return seal(protectedB64, encryptedKey, cek, plaintext);
    } finally {
      Arrays.fill(cek, (byte) 0);
    }
  }

  private Flattened seal(String protectedB64, byte[] encryptedKey, byte[] cek, byte[] plaintext)
      throws GeneralSecurityException {
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
    gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(TAG_BITS, iv));
    gcm.updateAAD(protectedB64.getBytes(StandardCharsets.US_ASCII));
    byte[] out = gcm.doFinal(plaintext);
    int tagStart = out.length - TAG_BITS / 8;
    return new Flattened(
        protectedB64,
        B64URL.encodeToString(encryptedKey),
        B64URL.encodeToString(iv),
        B64URL.encodeToString(Arrays.copyOfRange(out, 0, tagStart)),
        B64URL.encodeToString(Arrays.copyOfRange(out, tagStart, out.length)));
  }

  private static byte[] rsaWrap(TeePublicKey.Rsa rsa, byte[] cek) throws GeneralSecurityException {
    Cipher c;
    if (rsa.alg() == KeyAlgorithm.RSA_OAEP_256) {
      c = Cipher.getInstance("RSA/ECB/OAEPPadding");
      c.init(
          Cipher.ENCRYPT_MODE,
          rsa.key(),
          new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT),
          new SecureRandom());
    } else {
      c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
      c.init(Cipher.ENCRYPT_MODE, rsa.key(), new SecureRandom());
    }
    return c.doFinal(cek);
  }

  private KeyPair ephemeral(TeePublicKey.Ec ec) throws GeneralSecurityException {
    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
    g.initialize(ec.curve().parameters(), random);
    return g.generateKeyPair();
  }

  private static String ecdhHeader(TeePublicKey.Ec ec, ECPublicKey epk) {
    int len = ec.curve().coordinateBytes();
    return "{\"alg\":\"" + ec.alg().jose() + "\",\"enc\":\"" + ENC + "\",\"epk\":{"
        + "\"crv\":\"" + ec.curve().jose() + "\",\"kty\":\"EC\","
        + "\"x\":\"" + B64URL.encodeToString(fixed(epk.getW().getAffineX(), len)) + "\","
        + "\"y\":\"" + B64URL.encodeToString(fixed(epk.getW().getAffineY(), len)) + "\"}}";
  }

  /** ECDH-ES key agreement, Concat KDF (RFC 7518 §4.6.2, SHA-256, empty apu/apv), AES key wrap. */
  private static byte[] ecdhWrap(TeePublicKey.Ec ec, KeyPair ephemeral, byte[] cek)
      throws GeneralSecurityException {
    KeyAgreement ka = KeyAgreement.getInstance("ECDH");
    ka.init(ephemeral.getPrivate());
    ka.doPhase(ec.key(), true);
    byte[] z = ka.generateSecret();
    byte[] kek = concatKdf(z, ec.alg().jose());
    Arrays.fill(z, (byte) 0);
    try {
      Cipher kw = Cipher.getInstance("AESWrap");
      kw.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
      return kw.wrap(new SecretKeySpec(cek, "AES"));
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  static byte[] concatKdf(byte[] z, String algorithmId) throws GeneralSecurityException {
    byte[] alg = algorithmId.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer in = ByteBuffer.allocate(4 + z.length + 4 + alg.length + 4 + 4 + 4);
    in.putInt(1).put(z).putInt(alg.length).put(alg).putInt(0).putInt(0).putInt(256);
    return MessageDigest.getInstance("SHA-256").digest(in.array());
  }

  /** Unsigned big-endian, left-padded to the curve's coordinate length (RFC 7518 §6.2.1.2). */
  private static byte[] fixed(BigInteger v, int len) {
    byte[] raw = v.toByteArray();
    if (raw.length == len) {
      return raw;
    }
    byte[] out = new byte[len];
    int copy = Math.min(raw.length, len);
    System.arraycopy(raw, raw.length - copy, out, len - copy, copy);
    return out;
  }
}
