package dev.claviger.image.sign;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/** Generates throwaway OpenPGP keys with BouncyCastle (no gpg needed for unit tests). */
public final class PgpTestKeys {
  /** Binary secret and public key rings of one generated key. */
  public record Generated(byte[] secretRing, byte[] publicRing) {}

  private PgpTestKeys() {}

  public static Generated rsa(String userId, char[] passphrase, long validSeconds) {
    try {
      RSAKeyPairGenerator gen = new RSAKeyPairGenerator();
      gen.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), new SecureRandom(), 2048, 80));
      Date created = new Date(System.currentTimeMillis() - 3_600_000L);
      PGPKeyPair pair = new BcPGPKeyPair(org.bouncycastle.bcpg.PublicKeyPacket.VERSION_4,
          PublicKeyAlgorithmTags.RSA_GENERAL, gen.generateKeyPair(), created);
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
      if (validSeconds > 0) {
        hashed.setKeyExpirationTime(false, validSeconds);
      }
      PGPKeyRingGenerator rings = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, pair,
          userId, new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), hashed.generate(),
          null, new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256),
          passphrase.length == 0 ? null
              : new BcPBESecretKeyEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256).build(passphrase));
      ByteArrayOutputStream sec = new ByteArrayOutputStream();
      rings.generateSecretKeyRing().encode(sec);
      ByteArrayOutputStream pub = new ByteArrayOutputStream();
      rings.generatePublicKeyRing().encode(pub);
      return new Generated(sec.toByteArray(), pub.toByteArray());
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Generated rsa(String userId) {
    return rsa(userId, new char[0], 0);
  }
}
