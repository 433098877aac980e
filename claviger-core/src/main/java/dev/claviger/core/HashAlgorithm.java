package dev.claviger.core;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/** The hash algorithms Claviger accepts, with their wire names as used by Trustee. */
public enum HashAlgorithm {
  SHA256("sha256", "SHA-256", 32),
  SHA384("sha384", "SHA-384", 48),
  SHA512("sha512", "SHA-512", 64);

  private final String wireName;
  private final String jcaName;
  private final int digestLength;

  HashAlgorithm(String wireName, String jcaName, int digestLength) {
    this.wireName = wireName;
    this.jcaName = jcaName;
    this.digestLength = digestLength;
  }

  /** {@code "sha256"}, {@code "sha384"} or {@code "sha512"}. */
  public String wireName() {
    return wireName;
  }

  /** The JCA algorithm name, e.g. {@code "SHA-384"}. */
  public String jcaName() {
    return jcaName;
  }

  /** Digest length in bytes. */
  public int digestLength() {
    return digestLength;
  }

  /** A fresh {@link MessageDigest} (not thread-safe; one per use). */
  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(jcaName);
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must provide SHA-256/384/512.
      throw new IllegalStateException(jcaName + " unavailable", e);
    }
  }

  /** The algorithm whose wire name is exactly {@code name} (lower case). */
  public static HashAlgorithm fromWireName(String name) throws MalformedInputException {
    Objects.requireNonNull(name, "name");
    for (HashAlgorithm a : values()) {
      if (a.wireName.equals(name)) {
        return a;
      }
    }
    throw new MalformedInputException(
        "unsupported hash algorithm '" + abbreviate(name) + "' (expected sha256, sha384 or sha512)");
  }

  private static String abbreviate(String s) {
    return s.length() <= 32 ? s : s.substring(0, 32) + "...";
  }
}
