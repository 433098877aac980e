package dev.claviger.image.sign;

import dev.claviger.image.sign.SignatureException.Kind;
import dev.claviger.image.sign.internal.PgpKeys;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;

/**
 * An OpenPGP signing key unlocked from a secret keyring ({@code gpg --export-secret-keys}, binary
 * or armored). {@link #toString()} shows only the fingerprint. Thread-safe for signing.
 */
public final class GpgSigningKey {
  private final PGPSecretKey secretKey;
  private final PGPPrivateKey privateKey;
  private final String primaryFingerprint;

  private GpgSigningKey(PGPSecretKey secretKey, PGPPrivateKey privateKey, String primaryFingerprint) {
    this.secretKey = secretKey;
    this.privateKey = privateKey;
    this.primaryFingerprint = primaryFingerprint;
  }

  /**
   * Unlocks a signing key.
   *
   * @param keyring secret keyring bytes
   * @param selector a fingerprint or (long) key ID in hex, matching the primary key or a subkey; when
   *     empty, the keyring must hold exactly one key ring and its first signing-capable key is used
   * @param passphrase the key's passphrase (empty array for an unprotected key); not retained
   * @throws SignatureException of kind {@link Kind#CONFIGURATION} when no usable key matches or the
   *     passphrase is wrong
   */
  public static GpgSigningKey load(byte[] keyring, Optional<String> selector, char[] passphrase)
      throws SignatureException {
    Objects.requireNonNull(keyring, "keyring");
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(passphrase, "passphrase");
    if (keyring.length > GpgKeyring.MAX_KEYRING_BYTES) {
      throw new SignatureException(Kind.CONFIGURATION, "secret keyring too large");
    }
    List<PGPSecretKeyRing> rings = PgpKeys.readSecretRings(keyring);
    if (rings.isEmpty()) {
      throw new SignatureException(Kind.CONFIGURATION, "keyring holds no secret keys");
    }
    if (selector.isEmpty() && rings.size() != 1) {
      throw new SignatureException(Kind.CONFIGURATION,
          "keyring holds " + rings.size() + " secret keys; name one by fingerprint");
    }
    String want = selector.map(s -> s.replace(" ", "").toUpperCase(Locale.ROOT)).orElse(null);
    for (PGPSecretKeyRing ring : rings) {
      PGPSecretKey match = select(ring, want);
      if (match != null) {
        return unlock(match, ring, passphrase);
      }
    }
    throw new SignatureException(Kind.CONFIGURATION, "no signing-capable secret key matches "
        + (want == null ? "the keyring" : want));
  }

  private static PGPSecretKey select(PGPSecretKeyRing ring, String want) {
    for (Iterator<PGPSecretKey> it = ring.getSecretKeys(); it.hasNext(); ) {
      PGPSecretKey k = it.next();
      if (!k.isSigningKey() || k.isPrivateKeyEmpty() || k.getPublicKey().hasRevocation()) {
        continue;
      }
      if (want == null) {
        return k;
      }
      String fpr = GpgKeyring.fingerprint(k.getPublicKey());
      String primary = GpgKeyring.fingerprint(ring.getPublicKey());
      String keyId = String.format(Locale.ROOT, "%016X", k.getKeyID());
      // naming the primary key selects the ring's first signing key (the primary when it can sign)
      if (fpr.equals(want) || keyId.equals(want) || primary.equals(want)) {
        return k;
      }
    }
    return null;
  }

  private static GpgSigningKey unlock(PGPSecretKey key, PGPSecretKeyRing ring, char[] passphrase)
      throws SignatureException {
    char[] pass = Arrays.copyOf(passphrase, passphrase.length);
    try {
      PGPPrivateKey pk = key.extractPrivateKey(
          new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(pass));
      return new GpgSigningKey(key, pk, GpgKeyring.fingerprint(ring.getPublicKey()));
    } catch (PGPException e) {
      throw new SignatureException(Kind.CONFIGURATION,
          "cannot unlock secret key (wrong passphrase?)", e);
    } finally {
      Arrays.fill(pass, '\0');
    }
  }

  /** Fingerprint of the key ring's primary key, upper-case hex. */
  public String fingerprint() {
    return primaryFingerprint;
  }

  PGPPrivateKey privateKey() {
    return privateKey;
  }

  PGPPublicKey publicKey() {
    return secretKey.getPublicKey();
  }

  @Override
  public String toString() {
    return "GpgSigningKey[" + primaryFingerprint + ", secret redacted]";
  }
}
