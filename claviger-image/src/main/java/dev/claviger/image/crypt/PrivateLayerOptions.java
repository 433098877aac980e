package dev.claviger.image.crypt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Base64s;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.internal.CryptJson;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * ocicrypt {@code PrivateLayerBlockCipherOptions}: the secret part of a layer's encryption, wrapped
 * to every recipient. JSON: {@code {"symkey":"<32 bytes>","digest":"sha256:<plaintext blob
 * digest>","cipheroptions":{"nonce":"<16 bytes>"}}}, byte fields in standard base64 with padding.
 *
 * <p>Not a record so the key never reaches a generated {@code toString}/{@code equals}. Closing it
 * wipes the key.
 */
public final class PrivateLayerOptions implements AutoCloseable {
  public static final int KEY_LENGTH = 32;
  public static final int NONCE_LENGTH = 16;
  private static final Pattern DIGEST =
      Pattern.compile("sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128}");

  private final SecretBytes symkey;
  private final byte[] nonce;
  private final String digest;

  private PrivateLayerOptions(SecretBytes symkey, byte[] nonce, String digest) {
    this.symkey = symkey;
    this.nonce = nonce;
    this.digest = digest;
  }

  /** Options for a new layer: the caller supplies the plaintext digest once known. */
  public static PrivateLayerOptions create(SecretBytes symkey, byte[] nonce, String digest) {
    Objects.requireNonNull(symkey, "symkey");
    Objects.requireNonNull(nonce, "nonce");
    if (symkey.length() != KEY_LENGTH || nonce.length != NONCE_LENGTH) {
      throw new IllegalArgumentException("symkey must be 32 bytes and nonce 16 bytes");
    }
    if (!DIGEST.matcher(Objects.requireNonNull(digest, "digest")).matches()) {
      throw new IllegalArgumentException("digest must be <sha256|sha384|sha512>:<lower hex>");
    }
    return new PrivateLayerOptions(SecretBytes.copyOf(symkey.toByteArray()), nonce.clone(), digest);
  }

  /** A fresh random key and nonce. */
  public static SecretBytes randomKey(SecureRandom random) {
    return SecretBytes.random(KEY_LENGTH, random);
  }

  public static byte[] randomNonce(SecureRandom random) {
    byte[] nonce = new byte[NONCE_LENGTH];
    random.nextBytes(nonce);
    return nonce;
  }

  /** Parses secret JSON and destroys it afterwards. */
  public static PrivateLayerOptions parse(SecretBytes json) throws ImageCryptException {
    byte[] bytes = json.toByteArray();
    try {
      return parse(bytes);
    } finally {
      Arrays.fill(bytes, (byte) 0);
      json.destroy();
    }
  }

  /**
   * Parses the JSON (the plaintext of a wrapped key). Unknown members are ignored as Go does; the
   * key, nonce and digest are all required.
   */
  public static PrivateLayerOptions parse(byte[] json) throws ImageCryptException {
    JsonNode node = CryptJson.parseObject(json, "privopts");
    byte[] key = CryptJson.requiredStdBase64(node, "symkey", KEY_LENGTH, "privopts");
    try {
      String digest = CryptJson.requiredText(node, "digest", "privopts");
      if (!DIGEST.matcher(digest).matches()) {
        throw CryptJson.malformed("privopts.digest is not a sha256/384/512 digest");
      }
      JsonNode options = node.get("cipheroptions");
      if (options == null || !options.isObject()) {
        throw CryptJson.malformed("privopts lacks object member 'cipheroptions'");
      }
      byte[] nonce = CryptJson.requiredStdBase64(options, "nonce", NONCE_LENGTH, "privopts.cipheroptions");
      return new PrivateLayerOptions(SecretBytes.wrapOwned(key), nonce, digest);
    } catch (ImageCryptException | RuntimeException e) {
      Arrays.fill(key, (byte) 0);
      throw e;
    }
  }

  /** The JSON in Go's field order; it contains the key, so it comes back as secret bytes. */
  public SecretBytes toJson() {
    byte[] key = symkey.toByteArray();
    String json = "{\"symkey\":\"" + Base64s.encodeStd(key) + "\",\"digest\":\"" + digest
        + "\",\"cipheroptions\":{\"nonce\":\"" + Base64s.encodeStd(nonce) + "\"}}";
    Arrays.fill(key, (byte) 0);
    return SecretBytes.wrapOwned(json.getBytes(StandardCharsets.UTF_8));
  }

  public SecretBytes symkey() {
    return symkey;
  }

  public byte[] nonce() {
    return nonce.clone();
  }

  /** Digest of the plaintext (still compressed) layer blob, {@code sha256:<hex>}. */
  public String digest() {
    return digest;
  }

  @Override
  public void close() {
    symkey.destroy();
  }

  @Override
  public String toString() {
    return "PrivateLayerOptions[digest=" + digest + ", key redacted]";
  }
}
