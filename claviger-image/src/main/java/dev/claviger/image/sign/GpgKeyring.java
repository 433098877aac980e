package dev.claviger.image.sign;

import dev.claviger.core.Hex;
import dev.claviger.image.sign.SignatureException.Kind;
import dev.claviger.image.sign.internal.PgpKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;

/**
 * Trusted OpenPGP public keys (a {@code signedBy} policy's {@code keyPath}/{@code keyPaths}/{@code
 * keyData}): binary or ASCII-armored transferable public keys, as {@code gpg --export} writes them,
 * several keys per file allowed. Immutable and thread-safe.
 */
public final class GpgKeyring {
  /** Largest keyring input accepted (a few keys are a few KiB). */
  public static final int MAX_KEYRING_BYTES = 1024 * 1024;

  private final List<PGPPublicKeyRing> rings;

  private GpgKeyring(List<PGPPublicKeyRing> rings) {
    this.rings = List.copyOf(rings);
  }

  /**
   * Parses one keyring file's bytes.
   *
   * @throws SignatureException of kind {@link Kind#CONFIGURATION} when the bytes are not OpenPGP
   *     public keys or hold none
   */
  public static GpgKeyring parse(byte[] keyring) throws SignatureException {
    Objects.requireNonNull(keyring, "keyring");
    if (keyring.length > MAX_KEYRING_BYTES) {
      throw new SignatureException(Kind.CONFIGURATION,
          "keyring is " + keyring.length + " bytes, limit " + MAX_KEYRING_BYTES);
    }
    List<PGPPublicKeyRing> rings = PgpKeys.readPublicRings(keyring);
    if (rings.isEmpty()) {
      throw new SignatureException(Kind.CONFIGURATION, "keyring holds no public keys");
    }
    return new GpgKeyring(rings);
  }

  /** All keys of several keyrings (a policy's {@code keyPaths}). */
  public static GpgKeyring merge(List<GpgKeyring> keyrings) {
    List<PGPPublicKeyRing> all = new ArrayList<>();
    for (GpgKeyring k : keyrings) {
      all.addAll(k.rings);
    }
    if (all.isEmpty()) {
      throw new IllegalArgumentException("no keyrings");
    }
    return new GpgKeyring(all);
  }

  /** Primary-key fingerprints, upper-case hex (the identity gpg and skopeo print). */
  public List<String> fingerprints() {
    List<String> out = new ArrayList<>();
    for (PGPPublicKeyRing r : rings) {
      out.add(fingerprint(r.getPublicKey()));
    }
    return Collections.unmodifiableList(out);
  }

  /** The ring holding a primary key or subkey with this 64-bit key ID. */
  Optional<PGPPublicKeyRing> ringFor(long keyId) {
    for (PGPPublicKeyRing r : rings) {
      if (r.getPublicKey(keyId) != null) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  static String fingerprint(PGPPublicKey key) {
    return Hex.encode(key.getFingerprint()).toUpperCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "GpgKeyring" + fingerprints();
  }
}
