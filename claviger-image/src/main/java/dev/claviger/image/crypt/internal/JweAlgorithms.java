package dev.claviger.image.crypt.internal;

import dev.claviger.image.crypt.ImageCryptException;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.KeyAgreement;
import javax.crypto.SecretKey;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/** The JWE key-management algorithms ocicrypt uses, on plain JCA. */
public final class JweAlgorithms {
  public static final String RSA_OAEP = "RSA-OAEP";
  public static final String RSA_OAEP_256 = "RSA-OAEP-256";
  public static final String ECDH_ES_A128KW = "ECDH-ES+A128KW";
  public static final String ECDH_ES_A192KW = "ECDH-ES+A192KW";
  public static final String ECDH_ES_A256KW = "ECDH-ES+A256KW";
  public static final Set<String> KEY_ALGORITHMS =
      Set.of(RSA_OAEP, RSA_OAEP_256, ECDH_ES_A128KW, ECDH_ES_A192KW, ECDH_ES_A256KW);

  private JweAlgorithms() {}

  /** ocicrypt's choice when the key carries no {@code alg}: RSA-OAEP (SHA-1) or ECDH-ES+A256KW. */
  public static String defaultFor(PublicKey key) throws ImageCryptException {
    if (key instanceof RSAPublicKey) {
      return RSA_OAEP;
    }
    if (key instanceof ECPublicKey) {
      return ECDH_ES_A256KW;
    }
    throw new ImageCryptException(Reason.UNSUPPORTED_ALGORITHM, "JWE recipients must be RSA or EC keys, got "
        + key.getAlgorithm());
  }

  public static boolean isEcdh(String alg) {
    return alg.startsWith("ECDH-ES+");
  }

  /** Checks that {@code alg} fits the key type. */
  public static void check(String alg, PublicKey key) throws ImageCryptException {
    boolean fits = KEY_ALGORITHMS.contains(alg)
        && (isEcdh(alg) ? key instanceof ECPublicKey : key instanceof RSAPublicKey);
    if (!fits) {
      throw new ImageCryptException(Reason.UNSUPPORTED_ALGORITHM,
          "JWE algorithm " + alg + " cannot be used with a " + key.getAlgorithm() + " key");
    }
  }

  /** RSA-OAEP / RSA-OAEP-256 encryption of the CEK. */
  public static byte[] rsaWrap(String alg, RSAPublicKey key, byte[] cek, SecureRandom random) {
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.ENCRYPT_MODE, key, oaep(alg), random);
      return rsa.doFinal(cek);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA-OAEP unavailable", e);
    }
  }

  /** The CEK, or empty when this key does not open it (OAEP decoding failed). */
  public static Optional<byte[]> rsaUnwrap(String alg, RSAPrivateKey key, byte[] encryptedKey) {
    try {
      Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
      rsa.init(Cipher.DECRYPT_MODE, key, oaep(alg));
      return Optional.of(rsa.doFinal(encryptedKey));
    } catch (BadPaddingException | IllegalBlockSizeException | InvalidKeyException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA-OAEP unavailable", e);
    }
  }

  /** An ephemeral key on the recipient's curve and the AES-KW key derived with it. */
  public record EcdhWrap(ECPublicKey ephemeral, byte[] encryptedKey) {}

  public static EcdhWrap ecdhWrap(String alg, ECPublicKey recipient, byte[] cek, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(recipient.getParams(), random);
      KeyPair ephemeral = generator.generateKeyPair();
      byte[] kek = agree(alg, ephemeral.getPrivate(), recipient, new byte[0], new byte[0]);
      Cipher kw = Cipher.getInstance("AESWrap");
      kw.init(Cipher.WRAP_MODE, new SecretKeySpec(kek, "AES"));
      Arrays.fill(kek, (byte) 0);
      return new EcdhWrap((ECPublicKey) ephemeral.getPublic(), kw.wrap(new SecretKeySpec(cek, "AES")));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDH-ES key wrap unavailable", e);
    }
  }

  /** The CEK, or empty when the AES-KW integrity check fails (not our key). */
  public static Optional<byte[]> ecdhUnwrap(String alg, ECPrivateKey key, ECPublicKey ephemeral, byte[] apu,
      byte[] apv, byte[] encryptedKey) {
    byte[] kek;
    try {
      kek = agree(alg, key, ephemeral, apu, apv);
    } catch (InvalidKeyException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDH unavailable", e);
    }
    try {
      Cipher kw = Cipher.getInstance("AESWrap");
      kw.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kek, "AES"));
      SecretKey cek = (SecretKey) kw.unwrap(encryptedKey, "AES", Cipher.SECRET_KEY);
      return Optional.of(cek.getEncoded());
    } catch (InvalidKeyException e) {
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES key wrap unavailable", e);
    } finally {
      Arrays.fill(kek, (byte) 0);
    }
  }

  private static byte[] agree(String alg, PrivateKey mine, PublicKey theirs, byte[] apu, byte[] apv)
      throws GeneralSecurityException {
    KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
    ecdh.init(mine);
    ecdh.doPhase(theirs, true);
    byte[] z = ecdh.generateSecret();
    try {
      return ConcatKdf.derive(z, kwBits(alg), alg, apu, apv);
    } finally {
      Arrays.fill(z, (byte) 0);
    }
  }

  private static int kwBits(String alg) {
    return switch (alg) {
      case ECDH_ES_A128KW -> 128;
      case ECDH_ES_A192KW -> 192;
      case ECDH_ES_A256KW -> 256;
      default -> throw new IllegalArgumentException(alg);
    };
  }

  private static OAEPParameterSpec oaep(String alg) {
    return RSA_OAEP_256.equals(alg)
        ? new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT)
        : new OAEPParameterSpec("SHA-1", "MGF1", MGF1ParameterSpec.SHA1, PSource.PSpecified.DEFAULT);
  }
}
