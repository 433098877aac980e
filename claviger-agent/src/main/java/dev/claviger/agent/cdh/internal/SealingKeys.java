package dev.claviger.agent.cdh.internal;

import dev.claviger.agent.cdh.CdhException;
import dev.claviger.core.SecretBytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the verification key a sealed secret names in its {@code kid}: a KBS resource URI ({@code
 * kbs:} or {@code kbs+<plugin>:}) whose content is a JWK, or otherwise a file (relative path) under
 * the configured key directory, as upstream's {@code get_kid}.
 */
public final class SealingKeys {
  /** Fetches a KBS resource by URI (the hub's own getResource, with its scheme checks). */
  @FunctionalInterface
  public interface UriFetcher {
    SecretBytes fetch(String uri) throws CdhException;
  }

  private static final Pattern FILE_SEGMENT = Pattern.compile("[A-Za-z0-9_.-]{1,255}");
  private static final int MAX_KID_LENGTH = 1024;

  private final Optional<Path> keyDir;
  private final UriFetcher fetcher;

  public SealingKeys(Optional<Path> keyDir, UriFetcher fetcher) {
    this.keyDir = keyDir;
    this.fetcher = fetcher;
  }

  public ECPublicKey resolve(String kid) throws CdhException {
    String lower = kid.toLowerCase(Locale.ROOT);
    if (lower.startsWith("kbs:") || lower.startsWith("kbs+")) {
      try (SecretBytes jwk = fetcher.fetch(kid)) {
        byte[] bytes = jwk.toByteArray();
        try {
          return EcKeys.publicFromJwk(bytes);
        } finally {
          Arrays.fill(bytes, (byte) 0);
        }
      }
    }
    return EcKeys.publicFromJwk(readLocal(kid));
  }

  private byte[] readLocal(String kid) throws CdhException {
    Path base =
        keyDir.orElseThrow(
            () ->
                rejected("kid '" + kid + "' is not a KBS URI and no sealed-secret key dir is set"));
    checkRelative(kid);
    try {
      Path realBase = base.toRealPath();
      Path real = realBase.resolve(kid).toRealPath();
      // Symlinks inside the directory may point anywhere; the resolved file must stay inside.
      if (!real.startsWith(realBase) || !Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
        throw rejected("kid '" + kid + "' resolves outside the sealed-secret key dir");
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(real, LinkOption.NOFOLLOW_LINKS)) {
        bytes = in.readNBytes(EcKeys.MAX_JWK_BYTES + 1);
      }
      if (bytes.length > EcKeys.MAX_JWK_BYTES) {
        throw rejected("key file for kid '" + kid + "' is too large");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new CdhException(
          CdhException.Kind.IO, "no sealed-secret key file for kid '" + kid + "'", e);
    } catch (IOException e) {
      throw new CdhException(CdhException.Kind.IO, "cannot read key file for kid '" + kid + "'", e);
    }
  }

  private static void checkRelative(String kid) throws CdhException {
    if (kid.isEmpty() || kid.length() > MAX_KID_LENGTH || kid.startsWith("/")) {
      throw rejected("kid '" + kid + "' is not a relative key file name");
    }
    for (String segment : kid.split("/", -1)) {
      if (!FILE_SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw rejected("kid '" + kid + "' is not a safe key file name");
      }
    }
  }

  private static CdhException rejected(String message) {
    return new CdhException(CdhException.Kind.VERIFICATION_FAILED, message);
  }
}
