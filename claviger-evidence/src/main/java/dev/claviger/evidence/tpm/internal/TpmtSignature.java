package dev.claviger.evidence.tpm.internal;

import dev.claviger.evidence.tpm.TpmFormatException;
import dev.claviger.evidence.tpm.TpmHashAlg;

/**
 * A TPMT_SIGNATURE: sigAlg, hashAlg, then a TPM2B signature (RSASSA, RSAPSS) or TPM2B r and s
 * (ECDSA).
 *
 * @param scheme the signature scheme
 * @param hash the hash the TPM signed with
 * @param rsa the RSA signature (empty for ECDSA)
 * @param r ECDSA r, big-endian unsigned (empty for RSA)
 * @param s ECDSA s, big-endian unsigned (empty for RSA)
 */
public record TpmtSignature(Scheme scheme, TpmHashAlg hash, byte[] rsa, byte[] r, byte[] s) {
  /** RSA-16384 is far beyond any TPM; 2 KiB bounds the signature buffer. */
  static final int MAX_RSA = 2048;
  /** P-521 scalars are 66 bytes. */
  static final int MAX_EC = 66;

  /** Signature schemes (TPM_ALG_ID). */
  public enum Scheme {
    RSASSA(0x0014), RSAPSS(0x0016), ECDSA(0x0018);

    private final int id;

    Scheme(int id) {
      this.id = id;
    }

    public int id() {
      return id;
    }
  }

  /** Parses a marshalled TPMT_SIGNATURE; trailing bytes are rejected. */
  public static TpmtSignature parse(byte[] raw) throws TpmFormatException {
    if (raw.length > 4 + 2 * (2 + MAX_RSA)) {
      throw new TpmFormatException("TPMT_SIGNATURE: " + raw.length + " bytes is too long");
    }
    TpmReader rd = new TpmReader(raw, "TPMT_SIGNATURE");
    int alg = rd.u16("sigAlg");
    int hashId = rd.u16("hashAlg");
    TpmHashAlg hash = TpmHashAlg.fromId(hashId).orElseThrow(() -> new TpmFormatException(
        "TPMT_SIGNATURE: unsupported hash 0x" + Integer.toHexString(hashId)));
    TpmtSignature sig;
    if (alg == Scheme.RSASSA.id || alg == Scheme.RSAPSS.id) {
      byte[] s = rd.tpm2b(MAX_RSA, "signature");
      if (s.length == 0) {
        throw new TpmFormatException("TPMT_SIGNATURE: empty RSA signature");
      }
      sig = new TpmtSignature(alg == Scheme.RSASSA.id ? Scheme.RSASSA : Scheme.RSAPSS, hash, s,
          new byte[0], new byte[0]);
    } else if (alg == Scheme.ECDSA.id) {
      byte[] r = rd.tpm2b(MAX_EC, "signatureR");
      byte[] s = rd.tpm2b(MAX_EC, "signatureS");
      if (r.length == 0 || s.length == 0) {
        throw new TpmFormatException("TPMT_SIGNATURE: empty ECDSA r or s");
      }
      sig = new TpmtSignature(Scheme.ECDSA, hash, new byte[0], r, s);
    } else {
      throw new TpmFormatException("TPMT_SIGNATURE: unsupported sigAlg 0x"
          + Integer.toHexString(alg));
    }
    rd.requireEnd();
    return sig;
  }

  /** A bare RSASSA signature (Azure's quote format carries no TPMT_SIGNATURE header). */
  public static TpmtSignature bareRsassa(byte[] signature, TpmHashAlg hash)
      throws TpmFormatException {
    if (signature.length == 0 || signature.length > MAX_RSA) {
      throw new TpmFormatException("RSA signature of " + signature.length + " bytes");
    }
    return new TpmtSignature(Scheme.RSASSA, hash, signature.clone(), new byte[0], new byte[0]);
  }

  @Override
  public byte[] rsa() {
    return rsa.clone();
  }

  @Override
  public byte[] r() {
    return r.clone();
  }

  @Override
  public byte[] s() {
    return s.clone();
  }
}
