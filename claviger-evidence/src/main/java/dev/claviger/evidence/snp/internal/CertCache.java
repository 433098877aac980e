package dev.claviger.evidence.snp.internal;

import dev.claviger.evidence.snp.SnpError;
import dev.claviger.evidence.snp.SnpRejectedException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed certificates by SHA-256 of their bytes, and VCEK/VLEK extensions by certificate, so that
 * a platform's repeated reports do not re-parse its VCEK. Bounded: cleared when full.
 */
public final class CertCache {
  private static final int LIMIT = 4096;

  private final Map<ByteBuffer, X509Certificate> parsed = new ConcurrentHashMap<>();
  private final Map<X509Certificate, VekExtensions> extensions = new ConcurrentHashMap<>();
  private final Map<X509Certificate, PublicKey> keys = new ConcurrentHashMap<>();

  public X509Certificate parse(byte[] data) throws SnpRejectedException {
    ByteBuffer key = ByteBuffer.wrap(sha256(data));
    X509Certificate c = parsed.get(key);
    if (c == null) {
      try {
        c = Certs.certificate(data);
      } catch (GeneralSecurityException e) {
        throw new SnpRejectedException(SnpError.CHAIN_INVALID, "unparseable certificate: " + e.getMessage());
      }
      if (parsed.size() >= LIMIT) {
        parsed.clear();
      }
      parsed.put(key, c);
    }
    return c;
  }

  public VekExtensions extensions(X509Certificate vek) throws SnpRejectedException {
    VekExtensions e = extensions.get(vek);
    if (e == null) {
      try {
        e = VekExtensions.of(vek);
      } catch (IOException ex) {
        throw new SnpRejectedException(SnpError.CHAIN_INVALID, ex.getMessage());
      }
      if (extensions.size() >= LIMIT) {
        extensions.clear();
      }
      extensions.put(vek, e);
    }
    return e;
  }

  /**
   * The certificate's key translated once into the preferred provider's own key type (with ACCP
   * that saves re-importing the point on every verification).
   */
  public PublicKey publicKey(X509Certificate c) {
    PublicKey k = keys.get(c);
    if (k == null) {
      k = c.getPublicKey();
      try {
        k = KeyFactory.getInstance(k.getAlgorithm()).translateKey(k) instanceof PublicKey p ? p : k;
      } catch (GeneralSecurityException | RuntimeException e) {
        // keep the JDK key: every provider accepts it
      }
      if (keys.size() >= LIMIT) {
        keys.clear();
      }
      keys.put(c, k);
    }
    return k;
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
