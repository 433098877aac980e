package dev.claviger.evidence.tpm.internal;

import dev.claviger.evidence.tpm.TpmFormatException;
import dev.claviger.evidence.tpm.TpmHashAlg;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;

/**
 * A TPMT_PUBLIC (TPM 2.0 Part 2, 12.2.4) for RSA and ECC keys: the AK's public area.
 *
 * @param raw the marshalled TPMT_PUBLIC (Name = nameAlg || H_nameAlg(raw))
 * @param nameAlg the name algorithm
 * @param attributes TPMA_OBJECT
 * @param key the public key
 */
public record TpmtPublic(byte[] raw, TpmHashAlg nameAlg, long attributes, PublicKey key) {
  public static final int TPM_ALG_RSA = 0x0001;
  public static final int TPM_ALG_ECC = 0x0023;
  static final int TPM_ALG_NULL = 0x0010;
  static final int ECDAA = 0x001A;
  public static final long FIXED_TPM = 1L << 1;
  public static final long FIXED_PARENT = 1L << 4;
  public static final long SENSITIVE_DATA_ORIGIN = 1L << 5;
  public static final long RESTRICTED = 1L << 16;
  public static final long DECRYPT = 1L << 17;
  public static final long SIGN = 1L << 18;
  /** sizeof(TPMT_PUBLIC) in the reference implementation is well below this. */
  public static final int MAX_SIZE = 1024;

  /** Parses a TPM2B_PUBLIC (u16 size + TPMT_PUBLIC). */
  public static TpmtPublic parseTpm2b(byte[] raw) throws TpmFormatException {
    TpmReader r = new TpmReader(raw, "TPM2B_PUBLIC");
    byte[] inner = r.tpm2b(MAX_SIZE, "publicArea");
    r.requireEnd();
    return parse(inner);
  }

  /** Parses a bare TPMT_PUBLIC. */
  public static TpmtPublic parse(byte[] raw) throws TpmFormatException {
    if (raw.length > MAX_SIZE) {
      throw new TpmFormatException("TPMT_PUBLIC: " + raw.length + " bytes exceed " + MAX_SIZE);
    }
    TpmReader r = new TpmReader(raw, "TPMT_PUBLIC");
    int type = r.u16("type");
    int nameId = r.u16("nameAlg");
    TpmHashAlg nameAlg = TpmHashAlg.fromId(nameId).orElseThrow(() -> new TpmFormatException(
        "TPMT_PUBLIC: unsupported nameAlg 0x" + Integer.toHexString(nameId)));
    long attrs = r.u32("objectAttributes");
    r.tpm2b(64, "authPolicy");
    symmetric(r);
    PublicKey key = switch (type) {
      case TPM_ALG_RSA -> rsa(r);
      case TPM_ALG_ECC -> ecc(r);
      default -> throw new TpmFormatException(
          "TPMT_PUBLIC: unsupported key type 0x" + Integer.toHexString(type));
    };
    r.requireEnd();
    return new TpmtPublic(raw.clone(), nameAlg, attrs, key);
  }

  private static void symmetric(TpmReader r) throws TpmFormatException {
    int alg = r.u16("symmetric.algorithm");
    if (alg != TPM_ALG_NULL) {
      r.u16("symmetric.keyBits");
      r.u16("symmetric.mode");
    }
  }

  private static void scheme(TpmReader r, String what) throws TpmFormatException {
    int scheme = r.u16(what + ".scheme");
    if (scheme != TPM_ALG_NULL) {
      r.u16(what + ".hashAlg");
      if (scheme == ECDAA) {
        r.u16(what + ".count");
      }
    }
  }

  private static PublicKey rsa(TpmReader r) throws TpmFormatException {
    scheme(r, "rsaScheme");
    int bits = r.u16("keyBits");
    long exponent = r.u32("exponent");
    byte[] modulus = r.tpm2b(512, "unique.rsa");
    if (modulus.length * 8 != bits) {
      throw new TpmFormatException("TPMT_PUBLIC: modulus of " + modulus.length
          + " bytes does not match keyBits " + bits);
    }
    BigInteger e = BigInteger.valueOf(exponent == 0 ? 65537 : exponent);
    try {
      return KeyFactory.getInstance("RSA")
          .generatePublic(new RSAPublicKeySpec(new BigInteger(1, modulus), e));
    } catch (GeneralSecurityException ex) {
      throw new TpmFormatException("TPMT_PUBLIC: unusable RSA key");
    }
  }

  private static PublicKey ecc(TpmReader r) throws TpmFormatException {
    scheme(r, "eccScheme");
    int curve = r.u16("curveID");
    scheme(r, "kdf");
    byte[] x = r.tpm2b(66, "unique.x");
    byte[] y = r.tpm2b(66, "unique.y");
    String name = switch (curve) {
      case 0x0003 -> "secp256r1";
      case 0x0004 -> "secp384r1";
      case 0x0005 -> "secp521r1";
      default -> throw new TpmFormatException(
          "TPMT_PUBLIC: unsupported curve 0x" + Integer.toHexString(curve));
    };
    try {
      AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
      p.init(new ECGenParameterSpec(name));
      ECParameterSpec spec = p.getParameterSpec(ECParameterSpec.class);
      ECPoint w = new ECPoint(new BigInteger(1, x), new BigInteger(1, y));
      // SunEC throws an unchecked RuntimeException for coordinates wider than the field.
      int fieldBits = spec.getCurve().getField().getFieldSize();
      if (Math.max(w.getAffineX().bitLength(), w.getAffineY().bitLength()) > fieldBits) {
        throw new TpmFormatException("TPMT_PUBLIC: EC coordinate wider than the " + name + " field");
      }
      return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, spec));
    } catch (GeneralSecurityException ex) {
      throw new TpmFormatException("TPMT_PUBLIC: unusable EC key (point not on " + name + "?)");
    }
  }

  /** The TPM Name: nameAlg (u16) || H_nameAlg(TPMT_PUBLIC). */
  public byte[] name() {
    byte[] h = nameAlg.digest(raw);
    byte[] out = new byte[2 + h.length];
    out[0] = (byte) (nameAlg.id() >> 8);
    out[1] = (byte) nameAlg.id();
    System.arraycopy(h, 0, out, 2, h.length);
    return out;
  }

  /** A restricted signing key the TPM created and cannot export: what an AK must be. */
  public boolean isAttestationKey() {
    long need = FIXED_TPM | FIXED_PARENT | SENSITIVE_DATA_ORIGIN | RESTRICTED | SIGN;
    return (attributes & need) == need && (attributes & DECRYPT) == 0;
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }
}
