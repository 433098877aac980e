package dev.claviger.image.sign;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Date;
import java.util.Iterator;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPBEKeyEncryptionMethodGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/**
 * Builds OpenPGP keys and simple-signing messages at test time with BouncyCastle's packet API,
 * independently of {@link SimpleSigning#sign}, so that the verifier is checked against bytes it did
 * not write itself: gpg's shape (ZIP-compressed one-pass/literal/signature), subkey signatures,
 * signature lifetimes, revoked subkeys and the malformed messages a registry could serve.
 */
public final class SignatureFixtures {
  /** The payload type string of simple signing. */
  public static final String ATOMIC = "atomic container signature";

  /** A generated key: its rings, and the secret key that signs data (primary or subkey). */
  public record Key(PGPSecretKeyRing secret, PGPPublicKeyRing publicRing, PGPSecretKey signer) {
    public byte[] publicBytes() {
      return encoded(publicRing);
    }

    public String primaryFingerprint() {
      return GpgKeyring.fingerprint(publicRing.getPublicKey());
    }
  }

  private SignatureFixtures() {}

  /** A primary RSA key that certifies and signs data, without expiry. */
  public static Key primaryOnly(String userId, Instant created) {
    return primaryOnly(userId, created, 0);
  }

  /** A primary RSA key that certifies and signs data; it expires {@code validSeconds} after creation. */
  public static Key primaryOnly(String userId, Instant created, long validSeconds) {
    try {
      PGPKeyPair primary = rsa(created);
      PGPKeyRingGenerator gen = rings(primary, userId, KeyFlags.CERTIFY_OTHER | KeyFlags.SIGN_DATA,
          validSeconds);
      PGPSecretKeyRing sec = gen.generateSecretKeyRing();
      return new Key(sec, gen.generatePublicKeyRing(), sec.getSecretKey());
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A certify-only primary key with an RSA signing subkey (bound with a back-signature). */
  public static Key withSigningSubkey(String userId, Instant created) {
    try {
      PGPKeyPair primary = rsa(created);
      PGPKeyPair sub = rsa(created);
      PGPKeyRingGenerator gen = rings(primary, userId, KeyFlags.CERTIFY_OTHER, 0);
      PGPSignatureSubpacketGenerator subFlags = new PGPSignatureSubpacketGenerator();
      subFlags.setKeyFlags(false, KeyFlags.SIGN_DATA);
      gen.addSubKey(sub, subFlags.generate(), null, signer(sub.getPublicKey()));
      PGPSecretKeyRing sec = gen.generateSecretKeyRing();
      return new Key(sec, gen.generatePublicKeyRing(), sec.getSecretKey(sub.getKeyID()));
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public ring of {@code key} with a subkey-revocation signature on its signing subkey. */
  public static byte[] withSubkeyRevoked(Key key) {
    try {
      PGPPublicKey primary = key.publicRing().getPublicKey();
      PGPPublicKey sub = key.publicRing().getPublicKey(key.signer().getKeyID());
      PGPSignatureGenerator gen = new PGPSignatureGenerator(signer(primary), primary);
      gen.init(PGPSignature.SUBKEY_REVOCATION, privateKey(key.secret().getSecretKey()));
      PGPSignature revocation = gen.generateCertification(primary, sub);
      PGPPublicKey revoked = PGPPublicKey.addCertification(sub, revocation);
      return encoded(PGPPublicKeyRing.insertPublicKey(key.publicRing(), revoked));
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The public ring of {@code key} with every binding signature of its subkeys removed. */
  public static byte[] withoutSubkeyBindings(Key key) {
    PGPPublicKeyRing ring = key.publicRing();
    for (Iterator<PGPPublicKey> it = key.publicRing().getPublicKeys(); it.hasNext(); ) {
      PGPPublicKey k = it.next();
      if (k.isMasterKey()) {
        continue;
      }
      PGPPublicKey stripped = k;
      for (Iterator<PGPSignature> s = k.getSignaturesOfType(PGPSignature.SUBKEY_BINDING); s.hasNext(); ) {
        stripped = PGPPublicKey.removeCertification(stripped, s.next());
      }
      ring = PGPPublicKeyRing.insertPublicKey(ring, stripped);
    }
    return encoded(ring);
  }

  /** gpg's shape: ZIP( one-pass, literal, signature ) signed at {@code created}, no lifetime. */
  public static byte[] sign(Key key, byte[] content, Instant created) {
    return sign(key, content, created, 0, true);
  }

  /**
   * A binary-document signed message over {@code content}.
   *
   * @param lifetimeSeconds signature expiration subpacket (0 = none)
   * @param compressed wrap in a ZIP compressed-data packet as gpg does
   */
  public static byte[] sign(Key key, byte[] content, Instant created, long lifetimeSeconds,
      boolean compressed) {
    try {
      PGPPublicKey pub = key.signer().getPublicKey();
      PGPSignatureGenerator gen = new PGPSignatureGenerator(signer(pub), pub);
      gen.init(PGPSignature.BINARY_DOCUMENT, privateKey(key.signer()));
      PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
      hashed.setSignatureCreationTime(false, Date.from(created));
      if (lifetimeSeconds > 0) {
        hashed.setSignatureExpirationTime(true, lifetimeSeconds);
      }
      gen.setHashedSubpackets(hashed.generate());
      PGPSignatureSubpacketGenerator unhashed = new PGPSignatureSubpacketGenerator();
      unhashed.setIssuerKeyID(false, pub.getKeyID());
      gen.setUnhashedSubpackets(unhashed.generate());
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      if (compressed) {
        PGPCompressedDataGenerator zip = new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZIP);
        try (OutputStream z = zip.open(out)) {
          writeSigned(gen, content, created, z);
        }
      } else {
        writeSigned(gen, content, created, out);
      }
      return out.toByteArray();
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A literal data packet alone: content without any signature. */
  public static byte[] unsignedLiteral(byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeLiteral(out, content, new Date());
    return out.toByteArray();
  }

  /** A passphrase-encrypted (AES-256, with MDC) literal packet: encrypted but not signed. */
  public static byte[] unsignedEncrypted(byte[] content) {
    try {
      PGPEncryptedDataGenerator enc = new PGPEncryptedDataGenerator(
          new BcPGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
              .setWithIntegrityPacket(true).setSecureRandom(new SecureRandom()));
      enc.addMethod(new BcPBEKeyEncryptionMethodGenerator("passphrase".toCharArray()));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (OutputStream e = enc.open(out, new byte[4096])) {
        writeLiteral(e, content, new Date());
      }
      return out.toByteArray();
    } catch (PGPException e) {
      throw new IllegalStateException(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A simple-signing payload JSON with the given identity and digest, and optional fields. */
  public static byte[] payload(String reference, String digest, boolean withOptional) {
    String optional = withOptional ? "{\"creator\":\"test fixtures\",\"timestamp\":1700000000}" : "{}";
    return ("{\"critical\":{\"identity\":{\"docker-reference\":\"" + reference + "\"},"
        + "\"image\":{\"docker-manifest-digest\":\"" + digest + "\"},\"type\":\"" + ATOMIC + "\"},"
        + "\"optional\":" + optional + "}").getBytes(StandardCharsets.UTF_8);
  }

  private static void writeSigned(PGPSignatureGenerator gen, byte[] content, Instant created,
      OutputStream out) throws IOException, PGPException {
    BCPGOutputStream packets = new BCPGOutputStream(out);
    gen.generateOnePassVersion(false).encode(packets);
    writeLiteral(packets, content, Date.from(created));
    gen.update(content);
    gen.generate().encode(packets);
    packets.flush();
  }

  private static void writeLiteral(OutputStream out, byte[] content, Date when) {
    try (OutputStream lit = new PGPLiteralDataGenerator()
        .open(out, PGPLiteralData.BINARY, "payload", content.length, when)) {
      lit.write(content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static PGPKeyPair rsa(Instant created) throws PGPException {
    RSAKeyPairGenerator gen = new RSAKeyPairGenerator();
    gen.init(new RSAKeyGenerationParameters(BigInteger.valueOf(65537), new SecureRandom(), 2048, 80));
    return new BcPGPKeyPair(PublicKeyPacket.VERSION_4, PublicKeyAlgorithmTags.RSA_GENERAL,
        gen.generateKeyPair(), Date.from(created));
  }

  private static PGPKeyRingGenerator rings(PGPKeyPair primary, String userId, int flags,
      long validSeconds) throws PGPException {
    PGPSignatureSubpacketGenerator hashed = new PGPSignatureSubpacketGenerator();
    hashed.setKeyFlags(false, flags);
    if (validSeconds > 0) {
      hashed.setKeyExpirationTime(false, validSeconds);
    }
    return new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary, userId,
        new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), hashed.generate(), null,
        signer(primary.getPublicKey()), null);
  }

  private static BcPGPContentSignerBuilder signer(PGPPublicKey key) {
    return new BcPGPContentSignerBuilder(key.getAlgorithm(), HashAlgorithmTags.SHA256);
  }

  private static PGPPrivateKey privateKey(PGPSecretKey key) throws PGPException {
    return key.extractPrivateKey(null);
  }

  private static byte[] encoded(PGPPublicKeyRing ring) {
    try {
      return ring.getEncoded();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
