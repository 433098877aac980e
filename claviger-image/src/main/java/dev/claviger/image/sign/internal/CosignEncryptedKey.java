package dev.claviger.image.sign.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Base64s;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.sign.SignatureException.Kind;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.generators.SCrypt;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * cosign's encrypted private key envelope (go-securesystemslib {@code encrypted}): JSON
 * {@code {"kdf":{"name":"scrypt","params":{"N","r","p"},"salt"},"cipher":{"name":"nacl/secretbox",
 * "nonce"},"ciphertext"}} with std-base64 byte fields; key = scrypt(password, salt, N, r, p, 32);
 * ciphertext = NaCl secretbox (XSalsa20-Poly1305, tag first) of the PKCS#8 DER.
 *
 * <p>Only the scrypt cost sets go-securesystemslib itself accepts are allowed (N 2^15, 2^16 or
 * 2^17 with r 8, p 1), which also bounds the work an attacker-supplied file can demand.
 */
public final class CosignEncryptedKey {
  private static final Set<Integer> ALLOWED_N = Set.of(32768, 65536, 131072);
  private static final int MAX_CIPHERTEXT = 16 * 1024;

  private CosignEncryptedKey() {}

  public static byte[] decrypt(byte[] envelope, char[] password) throws SignatureException {
    JsonNode root;
    try {
      root = Json.parse(envelope);
    } catch (MalformedInputException e) {
      throw config("encrypted key is not JSON: " + e.getMessage());
    }
    JsonNode kdf = root.path("kdf");
    JsonNode params = kdf.path("params");
    JsonNode cipher = root.path("cipher");
    if (!"scrypt".equals(kdf.path("name").asText()) || !"nacl/secretbox".equals(cipher.path("name").asText())) {
      throw config("unsupported key encryption (need scrypt + nacl/secretbox)");
    }
    int n = params.path("N").asInt(-1);
    int r = params.path("r").asInt(-1);
    int p = params.path("p").asInt(-1);
    if (!ALLOWED_N.contains(n) || r != 8 || p != 1) {
      throw config("unsupported scrypt parameters N=" + n + " r=" + r + " p=" + p);
    }
    byte[] salt = b64(kdf.path("salt"), "salt");
    byte[] nonce = b64(cipher.path("nonce"), "nonce");
    byte[] box = b64(root.path("ciphertext"), "ciphertext");
    if (nonce.length != 24 || box.length < 16 || box.length > MAX_CIPHERTEXT) {
      throw config("malformed encrypted key (nonce or ciphertext length)");
    }
    byte[] key = scrypt(password, salt, n);
    try {
      return open(key, nonce, box);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** Encrypts PKCS#8 DER with cosign's default parameters (N 2^15, r 8, p 1). */
  public static byte[] encrypt(byte[] plaintext, char[] password, SecureRandom random) {
    byte[] salt = new byte[32];
    byte[] nonce = new byte[24];
    random.nextBytes(salt);
    random.nextBytes(nonce);
    byte[] key = scrypt(password, salt, 32768);
    byte[] box;
    try {
      box = seal(key, nonce, plaintext);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode kdf = root.putObject("kdf");
    kdf.put("name", "scrypt");
    kdf.putObject("params").put("N", 32768).put("r", 8).put("p", 1);
    kdf.put("salt", Base64s.encodeStd(salt));
    root.putObject("cipher").put("name", "nacl/secretbox").put("nonce", Base64s.encodeStd(nonce));
    root.put("ciphertext", Base64s.encodeStd(box));
    return Json.writeBytes(root);
  }

  private static byte[] open(byte[] key, byte[] nonce, byte[] box) throws SignatureException {
    XSalsa20Engine stream = stream(key, nonce);
    byte[] polyKey = keystream(stream, 32);
    byte[] ct = Arrays.copyOfRange(box, 16, box.length);
    byte[] tag = mac(polyKey, ct);
    Arrays.fill(polyKey, (byte) 0);
    if (!MessageDigest.isEqual(tag, Arrays.copyOf(box, 16))) {
      throw config("cannot decrypt private key (wrong password?)");
    }
    byte[] pt = new byte[ct.length];
    stream.processBytes(ct, 0, ct.length, pt, 0);
    return pt;
  }

  private static byte[] seal(byte[] key, byte[] nonce, byte[] pt) {
    XSalsa20Engine stream = stream(key, nonce);
    byte[] polyKey = keystream(stream, 32);
    byte[] ct = new byte[pt.length];
    stream.processBytes(pt, 0, pt.length, ct, 0);
    byte[] tag = mac(polyKey, ct);
    Arrays.fill(polyKey, (byte) 0);
    byte[] box = new byte[16 + ct.length];
    System.arraycopy(tag, 0, box, 0, 16);
    System.arraycopy(ct, 0, box, 16, ct.length);
    return box;
  }

  private static XSalsa20Engine stream(byte[] key, byte[] nonce) {
    XSalsa20Engine e = new XSalsa20Engine();
    e.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
    return e;
  }

  /** NaCl secretbox: the first 32 keystream bytes key Poly1305; the message uses the rest. */
  private static byte[] keystream(XSalsa20Engine e, int length) {
    byte[] out = new byte[length];
    e.processBytes(new byte[length], 0, length, out, 0);
    return out;
  }

  private static byte[] mac(byte[] polyKey, byte[] data) {
    Poly1305 mac = new Poly1305();
    mac.init(new KeyParameter(polyKey));
    mac.update(data, 0, data.length);
    byte[] tag = new byte[16];
    mac.doFinal(tag, 0);
    return tag;
  }

  private static byte[] scrypt(char[] password, byte[] salt, int n) {
    ByteBuffer bb = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
    byte[] pw = new byte[bb.remaining()];
    bb.get(pw);
    Arrays.fill(bb.array(), (byte) 0);
    try {
      return SCrypt.generate(pw, salt, n, 8, 1, 32);
    } finally {
      Arrays.fill(pw, (byte) 0);
    }
  }

  private static byte[] b64(JsonNode n, String what) throws SignatureException {
    if (!n.isTextual()) {
      throw config("encrypted key: " + what + " missing");
    }
    try {
      return Base64s.decodeStd(n.textValue());
    } catch (MalformedInputException e) {
      throw config("encrypted key: " + what + " is not base64");
    }
  }

  private static SignatureException config(String message) {
    return new SignatureException(Kind.CONFIGURATION, message);
  }
}
