package dev.claviger.agent.tpm.internal;

import dev.claviger.agent.tpm.TpmException;
import dev.claviger.agent.tpm.TpmPublic;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Optional;

/** TPMT_PUBLIC templates for the keys the attester creates, and a bounded TPMT_PUBLIC parser. */
public final class PublicAreas {
  public static final int ALG_ECC = 0x0023;
  private static final int ALG_ECDAA = 0x001A;
  private static final int MAX_AREA = 1024;
  private static final int MAX_RSA_BYTES = 512;
  private static final int MAX_ECC_COORD = 66;

  private PublicAreas() {}

  /**
   * The AK: RSA-2048, restricted signing with RSASSA-SHA256, fixedTPM, fixedParent,
   * sensitiveDataOrigin, userWithAuth (tpm2_createak's default attributes, 0x00050072).
   */
  public static byte[] attestationKeyTemplate() {
    return new TpmWriter().u16(TpmCodes.ALG_RSA).u16(TpmCodes.ALG_SHA256)
        .u32(TpmCodes.FIXED_TPM | TpmCodes.FIXED_PARENT | TpmCodes.SENSITIVE_DATA_ORIGIN
            | TpmCodes.USER_WITH_AUTH | TpmCodes.RESTRICTED | TpmCodes.SIGN)
        .tpm2b(new byte[0])
        .u16(TpmCodes.ALG_NULL)
        .u16(TpmCodes.ALG_RSASSA).u16(TpmCodes.ALG_SHA256)
        .u16(2048).u32(0)
        .tpm2b(new byte[0])
        .toByteArray();
  }

  /**
   * The storage primary: RSA-2048 restricted decryption key with AES-128-CFB, the TCG SRK
   * attributes (fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, noDA, restricted,
   * decrypt). The same template in the same hierarchy always yields the same key.
   */
  public static byte[] storageKeyTemplate() {
    return new TpmWriter().u16(TpmCodes.ALG_RSA).u16(TpmCodes.ALG_SHA256)
        .u32(TpmCodes.FIXED_TPM | TpmCodes.FIXED_PARENT | TpmCodes.SENSITIVE_DATA_ORIGIN
            | TpmCodes.USER_WITH_AUTH | TpmCodes.NO_DA | TpmCodes.RESTRICTED | TpmCodes.DECRYPT)
        .tpm2b(new byte[0])
        .u16(TpmCodes.ALG_AES).u16(128).u16(TpmCodes.ALG_CFB)
        .u16(TpmCodes.ALG_NULL)
        .u16(2048).u32(0)
        .tpm2b(new byte[0])
        .toByteArray();
  }

  /** Parses a TPMT_PUBLIC (RSA or ECC) that must fill {@code area} exactly. */
  public static TpmPublic parse(byte[] area) throws TpmException {
    if (area.length > MAX_AREA) {
      throw TpmException.malformed("TPMT_PUBLIC of " + area.length + " bytes, limit " + MAX_AREA);
    }
    TpmReader r = TpmReader.of(area, "TPMT_PUBLIC");
    int type = r.u16("type");
    int nameAlg = r.u16("nameAlg");
    int attributes = r.u32("objectAttributes");
    r.tpm2b(64, "authPolicy");
    symmetric(r);
    int scheme = r.u16("scheme");
    int schemeHash = scheme == TpmCodes.ALG_NULL ? TpmCodes.ALG_NULL : r.u16("scheme hash");
    Optional<PublicKey> key = Optional.empty();
    int keyBits = 0;
    if (type == TpmCodes.ALG_RSA) {
      keyBits = r.u16("keyBits");
      long exponent = r.u32("exponent") & 0xFFFFFFFFL;
      byte[] modulus = r.tpm2b(MAX_RSA_BYTES, "modulus");
      key = Optional.of(rsaKey(modulus, exponent == 0 ? 65537 : exponent));
    } else if (type == ALG_ECC) {
      if (scheme == ALG_ECDAA) {
        r.u16("ecdaa count");
      }
      r.u16("curveID");
      if (r.u16("kdf") != TpmCodes.ALG_NULL) {
        r.u16("kdf hash");
      }
      r.tpm2b(MAX_ECC_COORD, "x");
      r.tpm2b(MAX_ECC_COORD, "y");
    } else {
      throw TpmException.unsuitable("key type 0x" + Integer.toHexString(type)
          + " is not RSA or ECC");
    }
    r.expectEnd();
    return new TpmPublic(area, name(nameAlg, area), type, attributes, scheme, schemeHash,
        keyBits, key);
  }

  private static void symmetric(TpmReader r) throws TpmException {
    if (r.u16("symmetric algorithm") != TpmCodes.ALG_NULL) {
      r.u16("symmetric keyBits");
      r.u16("symmetric mode");
    }
  }

  /** nameAlg ‖ H(area); only SHA-256 names are computed (the keys this client creates). */
  static byte[] name(int nameAlg, byte[] area) throws TpmException {
    if (nameAlg != TpmCodes.ALG_SHA256) {
      throw TpmException.unsuitable("nameAlg 0x" + Integer.toHexString(nameAlg)
          + " is not SHA-256");
    }
    try {
      byte[] h = MessageDigest.getInstance("SHA-256").digest(area);
      return new TpmWriter().u16(nameAlg).bytes(h).toByteArray();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  private static PublicKey rsaKey(byte[] modulus, long exponent) throws TpmException {
    if (modulus.length == 0) {
      throw TpmException.malformed("TPMT_PUBLIC: empty RSA modulus");
    }
    try {
      return KeyFactory.getInstance("RSA").generatePublic(
          new RSAPublicKeySpec(new BigInteger(1, modulus), BigInteger.valueOf(exponent)));
    } catch (GeneralSecurityException e) {
      throw TpmException.malformed("TPMT_PUBLIC: RSA key rejected by the JCA: " + e.getMessage());
    }
  }
}
