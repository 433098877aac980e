package dev.claviger.kms;

import dev.claviger.kms.internal.LocalKeyRing;
import dev.claviger.kms.internal.EnvelopeCodec;
import dev.claviger.core.SecretBytes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * The default {@link Kms}: master keys in a local file outside the database.
 *
 * <p>The key file holds every master-key version (the newest one seals; all of them unseal, each
 * envelope names the version it was sealed under). It is created with mode 0600 when absent, and
 * refused when group or others have any access to it. {@link #rotate()} appends a new version
 * atomically. Replicas sharing one key file pick up versions rotated by another replica on first
 * use.
 */
public final class LocalKms implements Kms {
  private final LocalKeyRing ring;

  private LocalKms(LocalKeyRing ring) {
    this.ring = ring;
  }

  /**
   * Opens the key file, creating it with a fresh 256-bit master key (version 1) when absent.
   *
   * @throws KmsException if the file is unreadable, malformed, or readable by group/others
   */
  public static LocalKms open(Path masterKeyFile, Clock clock) throws KmsException {
    return new LocalKms(
        LocalKeyRing.open(
            Objects.requireNonNull(masterKeyFile, "masterKeyFile"),
            Objects.requireNonNull(clock, "clock")));
  }

  @Override
  public byte[] seal(SecretBytes plaintext, byte[] aad) throws KmsException {
    Objects.requireNonNull(plaintext, "plaintext");
    Objects.requireNonNull(aad, "aad");
    return EnvelopeCodec.seal(ring.active(), plaintext, aad);
  }

  @Override
  public SecretBytes unseal(byte[] sealed, byte[] aad) throws KmsException {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(aad, "aad");
    return EnvelopeCodec.unseal(ring::find, sealed, aad);
  }

  /**
   * Generates a new master-key version and makes it the sealing key; older versions keep
   * unsealing.
   *
   * @return the new version number
   */
  public int rotate() throws KmsException {
    return ring.rotate();
  }

  /** The version new seals use. */
  public int activeVersion() {
    return ring.active().version();
  }

  /** Metadata of all versions, oldest first (no key material). */
  public List<KeyVersion> versions() {
    return ring.versions();
  }

  @Override
  public String toString() {
    return "LocalKms[" + ring + "]";
  }
}
