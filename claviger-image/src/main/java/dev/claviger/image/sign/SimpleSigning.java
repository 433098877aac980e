package dev.claviger.image.sign;

import dev.claviger.image.sign.SignatureException.Kind;
import dev.claviger.image.sign.SignaturePayload.Type;
import dev.claviger.image.sign.internal.PgpSignedMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;

/**
 * containers "simple signing": an OpenPGP signed message over a {@link SignaturePayload} of type
 * {@code atomic container signature}, compatible with {@code skopeo copy --sign-by} and {@code
 * skopeo standalone-verify}. No gpg binary is involved.
 *
 * <p>Verification accepts only binary-document signatures with SHA-224/256/384/512 (SHA-1 and MD5
 * are refused, unlike gpgme), made by a primary key or subkey of the trusted keyring that is neither
 * revoked nor expired at the clock's instant, with an unexpired signature.
 */
public final class SimpleSigning {
  private static final Set<Integer> ACCEPTED_HASHES = Set.of(
      HashAlgorithmTags.SHA224, HashAlgorithmTags.SHA256,
      HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA512);

  private SimpleSigning() {}

  /** A payload as skopeo writes it, with our creator string and the clock's time. */
  public static SignaturePayload payload(String dockerReference, String manifestDigest, Clock clock) {
    return new SignaturePayload(Type.SIMPLE_SIGNING, dockerReference, manifestDigest,
        Optional.of("claviger"), OptionalLong.of(clock.instant().getEpochSecond()));
  }

  /** Signs a simple-signing payload; the result is the lookaside {@code signature-<n>} file. */
  public static byte[] sign(SignaturePayload payload, GpgSigningKey key, Clock clock)
      throws SignatureException {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(key, "key");
    if (payload.type() != Type.SIMPLE_SIGNING) {
      throw new IllegalArgumentException("not a simple-signing payload");
    }
    Date now = Date.from(clock.instant());
    try {
      PGPPublicKey pub = key.publicKey();
      PGPSignatureGenerator gen = new PGPSignatureGenerator(
          new BcPGPContentSignerBuilder(pub.getAlgorithm(), HashAlgorithmTags.SHA256), pub);
      gen.init(PGPSignature.BINARY_DOCUMENT, key.privateKey());
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(false, now);
      hashed.setIssuerFingerprint(false, pub);
      gen.setHashedSubpackets(hashed.generate());
      PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
      unhashed.setIssuerKeyID(false, pub.getKeyID());
      gen.setUnhashedSubpackets(unhashed.generate());
      return PgpSignedMessage.write(gen, payload.toJson(), now);
    } catch (PGPException e) {
      throw new SignatureException(Kind.CONFIGURATION, "OpenPGP signing failed: " + e.getMessage(), e);
    }
  }

  /**
   * Verifies a simple-signing blob against trusted keys and returns its payload.
   *
   * @throws SignatureException {@link Kind#BAD_SIGNATURE} for malformed or forged bytes, {@link
   *     Kind#UNTRUSTED_KEY} when the signing key is not in {@code trusted} (or revoked/expired)
   */
  public static SignedPayload verify(byte[] blob, GpgKeyring trusted, Clock clock)
      throws SignatureException {
    Objects.requireNonNull(blob, "blob");
    Objects.requireNonNull(trusted, "trusted");
    Instant now = clock.instant();
    PgpSignedMessage msg = PgpSignedMessage.read(blob);
    PGPOnePassSignature ops = msg.onePass();
    PGPSignature sig = msg.signature();
    checkShape(ops, sig);
    long keyId = ops.getKeyID();
    PGPPublicKeyRing ring = trusted.ringFor(keyId).orElseThrow(() -> new SignatureException(
        Kind.UNTRUSTED_KEY, "signed by key " + keyIdHex(keyId) + ", which is not trusted"));
    PGPPublicKey key = ring.getPublicKey(keyId);
    checkKeyUsable(key, ring.getPublicKey(), now);
    try {
      ops.init(new BcPGPContentVerifierBuilderProvider(), key);
      ops.update(msg.content());
      if (!ops.verify(sig)) {
        throw new SignatureException(Kind.BAD_SIGNATURE,
            "OpenPGP signature by " + keyIdHex(keyId) + " does not verify");
      }
    } catch (PGPException | RuntimeException e) {
      throw new SignatureException(Kind.BAD_SIGNATURE, "OpenPGP signature check failed", e);
    }
    checkSignatureLifetime(sig, now);
    SignaturePayload payload = SignaturePayload.parse(msg.content(), Type.SIMPLE_SIGNING);
    return new SignedPayload(payload, GpgKeyring.fingerprint(ring.getPublicKey()));
  }

  private static void checkShape(PGPOnePassSignature ops, PGPSignature sig)
      throws SignatureException {
    if (ops.getSignatureType() != PGPSignature.BINARY_DOCUMENT
        || sig.getSignatureType() != PGPSignature.BINARY_DOCUMENT) {
      throw new SignatureException(Kind.BAD_SIGNATURE, "not a binary-document signature");
    }
    if (ops.getHashAlgorithm() != sig.getHashAlgorithm()
        || ops.getKeyAlgorithm() != sig.getKeyAlgorithm()) {
      throw new SignatureException(Kind.BAD_SIGNATURE,
          "one-pass and signature packets disagree on algorithms");
    }
    if (sig.getKeyID() != 0 && sig.getKeyID() != ops.getKeyID()) {
      throw new SignatureException(Kind.BAD_SIGNATURE,
          "one-pass and signature packets name different keys");
    }
    if (!ACCEPTED_HASHES.contains(sig.getHashAlgorithm())) {
      throw new SignatureException(Kind.BAD_SIGNATURE,
          "OpenPGP hash algorithm " + sig.getHashAlgorithm() + " is not accepted (need SHA-2)");
    }
  }

  private static void checkKeyUsable(PGPPublicKey key, PGPPublicKey primary, Instant now)
      throws SignatureException {
    if (key.hasRevocation() || primary.hasRevocation()) {
      throw new SignatureException(Kind.UNTRUSTED_KEY,
          "signing key " + keyIdHex(key.getKeyID()) + " is revoked");
    }
    if (!key.isMasterKey()) {
      checkSubkeyBinding(key, primary);
    }
    for (PGPPublicKey k : new PGPPublicKey[] {key, primary}) {
      long valid = k.getValidSeconds();
      if (valid > 0 && k.getCreationTime().toInstant().plusSeconds(valid).isBefore(now)) {
        throw new SignatureException(Kind.UNTRUSTED_KEY,
            "signing key " + keyIdHex(k.getKeyID()) + " has expired");
      }
    }
  }

  /**
   * A signing subkey must carry a binding signature by its primary key that verifies and, when it
   * states key flags, allows signing data: a keyring can hold subkeys meant only for encryption.
   */
  private static void checkSubkeyBinding(PGPPublicKey subkey, PGPPublicKey primary)
      throws SignatureException {
    for (Iterator<PGPSignature> it = subkey.getSignaturesOfType(PGPSignature.SUBKEY_BINDING);
        it.hasNext(); ) {
      PGPSignature binding = it.next();
      try {
        binding.init(new BcPGPContentVerifierBuilderProvider(), primary);
        if (!binding.verifyCertification(primary, subkey)) {
          continue;
        }
      } catch (PGPException | RuntimeException e) {
        continue;
      }
      PGPSignatureSubpacketVector hashed = binding.getHashedSubPackets();
      int flags = hashed == null ? 0 : hashed.getKeyFlags();
      if (flags == 0 || (flags & KeyFlags.SIGN_DATA) != 0) {
        return;
      }
    }
    throw new SignatureException(Kind.UNTRUSTED_KEY, "subkey " + keyIdHex(subkey.getKeyID())
        + " has no valid binding to its primary key that allows signing");
  }

  private static void checkSignatureLifetime(PGPSignature sig, Instant now)
      throws SignatureException {
    PGPSignatureSubpacketVector hashed = sig.getHashedSubPackets();
    long lifetime = hashed == null ? 0 : hashed.getSignatureExpirationTime();
    if (lifetime > 0 && sig.getCreationTime().toInstant().plusSeconds(lifetime).isBefore(now)) {
      throw new SignatureException(Kind.BAD_SIGNATURE, "signature has expired");
    }
  }

  static String keyIdHex(long keyId) {
    return String.format(Locale.ROOT, "%016X", keyId);
  }
}
