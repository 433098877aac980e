package dev.claviger.evidence.tpm.internal;

import dev.claviger.evidence.tpm.TpmFormatException;

/**
 * A TPMS_ATTEST of type TPM_ST_ATTEST_QUOTE (TPM 2.0 Part 2, 10.12.12), with the raw bytes the
 * signature covers.
 *
 * @param raw the marshalled structure as signed
 * @param qualifiedSigner TPM2B_NAME of the signer's qualified name (not Name(AK))
 * @param extraData the caller's nonce
 * @param clock clockInfo.clock
 * @param resetCount clockInfo.resetCount
 * @param restartCount clockInfo.restartCount
 * @param safe clockInfo.safe
 * @param firmwareVersion the TPM firmware version
 * @param pcrSelection the quoted PCRs
 * @param pcrDigest digest of the quoted PCR values
 */
public record TpmsAttest(byte[] raw, byte[] qualifiedSigner, byte[] extraData, long clock,
    long resetCount, long restartCount, boolean safe, long firmwareVersion,
    PcrSelection pcrSelection, byte[] pcrDigest) {

  public static final long TPM_GENERATED_VALUE = 0xFF544347L;
  public static final int TPM_ST_ATTEST_QUOTE = 0x8018;
  /** TPMS_ATTEST is bounded by TPM2B_ATTEST's buffer (sizeof(TPMS_ATTEST) in the reference code). */
  public static final int MAX_SIZE = 1024;
  /** sizeof(TPMU_NAME): a nameAlg plus the largest digest. */
  static final int MAX_NAME = 2 + 64;
  /** extraData is a TPM2B_DATA: sizeof(TPMT_HA) = 2 + 64. */
  public static final int MAX_EXTRA_DATA = 66;

  /** Parses a quote's TPMS_ATTEST; rejects other attestation types and trailing bytes. */
  public static TpmsAttest parse(byte[] raw) throws TpmFormatException {
    if (raw.length > MAX_SIZE) {
      throw new TpmFormatException("TPMS_ATTEST: " + raw.length + " bytes exceed " + MAX_SIZE);
    }
    TpmReader r = new TpmReader(raw, "TPMS_ATTEST");
    long magic = r.u32("magic");
    if (magic != TPM_GENERATED_VALUE) {
      throw new TpmFormatException("TPMS_ATTEST: magic 0x" + Long.toHexString(magic)
          + " is not TPM_GENERATED_VALUE (not produced by a TPM)");
    }
    int type = r.u16("type");
    if (type != TPM_ST_ATTEST_QUOTE) {
      throw new TpmFormatException("TPMS_ATTEST: type 0x" + Integer.toHexString(type)
          + " is not TPM_ST_ATTEST_QUOTE");
    }
    byte[] signer = r.tpm2b(MAX_NAME, "qualifiedSigner");
    byte[] extra = r.tpm2b(MAX_EXTRA_DATA, "extraData");
    long clock = r.u64("clockInfo.clock");
    long reset = r.u32("clockInfo.resetCount");
    long restart = r.u32("clockInfo.restartCount");
    int safe = r.u8("clockInfo.safe");
    if (safe > 1) {
      throw new TpmFormatException("TPMS_ATTEST: clockInfo.safe " + safe + " is not a TPMI_YES_NO");
    }
    long fw = r.u64("firmwareVersion");
    PcrSelection sel = PcrSelection.parse(r);
    byte[] digest = r.tpm2b(64, "pcrDigest");
    r.requireEnd();
    return new TpmsAttest(raw.clone(), signer, extra, clock, reset, restart, safe == 1, fw, sel,
        digest);
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }

  @Override
  public byte[] extraData() {
    return extraData.clone();
  }

  @Override
  public byte[] pcrDigest() {
    return pcrDigest.clone();
  }

  @Override
  public byte[] qualifiedSigner() {
    return qualifiedSigner.clone();
  }
}
