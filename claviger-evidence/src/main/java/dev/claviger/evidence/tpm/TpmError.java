package dev.claviger.evidence.tpm;

/** Why TPM or vTPM evidence was rejected. */
public enum TpmError {
  /** A structure, event log or evidence document is malformed or exceeds a bound. */
  MALFORMED,
  /** The quote signature does not verify with the AK, or uses a key/algorithm we do not accept. */
  SIGNATURE_INVALID,
  /** The PCR values sent do not hash to the quote's pcrDigest. */
  PCR_DIGEST_MISMATCH,
  /** The quote's extraData is not the expected report data. */
  NONCE_MISMATCH,
  /** The AK chains to no configured anchor and is not a configured key. */
  AK_UNTRUSTED,
  /** Replaying the event log does not give the quoted PCR values. */
  EVENT_LOG_MISMATCH,
  /** PCR 8 does not hold the expected init-data digest. */
  INIT_DATA_MISMATCH,
  /** The Azure HCL report does not bind the runtime claims, the AK or the nonce. */
  HCL_BINDING_MISMATCH,
  /** The hardware (SNP/TDX) report under an HCL report could not be verified. */
  HARDWARE_REPORT_UNVERIFIED
}
