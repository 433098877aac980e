package dev.claviger.image.policy;

import dev.claviger.agent.cdh.CdhException;
import dev.claviger.agent.cdh.ConfidentialDataHub;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.sign.SignatureException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads the key files a policy names ({@code keyPath}/{@code keyPaths}). The default reads local
 * files; the guest plugs in a resolver for {@code kbs:///...} key paths (fetched through the
 * confidential data hub after attestation), as image-rs does.
 */
@FunctionalInterface
public interface KeyResolver {
  /** Largest key file read by {@link #files()}. */
  int MAX_KEY_FILE_BYTES = 1024 * 1024;

  /**
   * The key file's bytes.
   *
   * @throws SignatureException of kind {@link Kind#CONFIGURATION} when it cannot be read
   */
  byte[] read(String keyPath) throws SignatureException;

  /** Local files only (a path, or a {@code file://} URL); other schemes are configuration errors. */
  static KeyResolver files() {
    return keyPath -> {
      String p = keyPath.startsWith("file://") ? keyPath.substring("file://".length()) : keyPath;
      if (p.contains("://")) {
        throw new SignatureException(Kind.CONFIGURATION,
            "no resolver for key path scheme: " + keyPath);
      }
      try (InputStream in = Files.newInputStream(Path.of(p))) {
        byte[] b = in.readNBytes(MAX_KEY_FILE_BYTES + 1);
        if (b.length > MAX_KEY_FILE_BYTES) {
          throw new SignatureException(Kind.CONFIGURATION, "key file " + keyPath + " is too large");
        }
        return b;
      } catch (IOException | RuntimeException e) {
        throw new SignatureException(Kind.CONFIGURATION, "cannot read key file " + keyPath, e);
      }
    };
  }

  /**
   * {@code kbs:///repo/type/tag} (and {@code kbs+resource://}) key paths through the confidential
   * data hub, after attestation, as image-rs does; every other path goes to {@code others}. Keys
   * are fetched on every verification (the hub does not cache).
   */
  static KeyResolver withKbs(ConfidentialDataHub cdh, KeyResolver others) {
    Objects.requireNonNull(cdh, "cdh");
    Objects.requireNonNull(others, "others");
    return keyPath -> {
      if (!keyPath.startsWith("kbs://") && !keyPath.startsWith("kbs+")) {
        return others.read(keyPath);
      }
      try (SecretBytes key = cdh.getResource(keyPath)) {
        if (key.length() > MAX_KEY_FILE_BYTES) {
          throw new SignatureException(Kind.CONFIGURATION, "key " + keyPath + " is too large");
        }
        return key.toByteArray();
      } catch (CdhException e) {
        throw new SignatureException(e.kind() == CdhException.Kind.RESOURCE_UNAVAILABLE
            ? Kind.UNAVAILABLE : Kind.CONFIGURATION, "cannot get key " + keyPath + ": " + e.getMessage(), e);
      }
    };
  }
}
