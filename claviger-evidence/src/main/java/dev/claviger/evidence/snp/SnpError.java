package dev.claviger.evidence.snp;

/** Why SEV-SNP evidence was rejected; every check that can fail has its own code. */
public enum SnpError {
  /** The evidence document (JSON, hex, base64) could not be decoded into a report. */
  MALFORMED_EVIDENCE,
  /** The report bytes are not a 1184-byte ATTESTATION_REPORT. */
  MALFORMED_REPORT,
  /** A report version other than 2, 3 or 5. */
  UNSUPPORTED_VERSION,
  /** SIGNATURE_ALGO is not 1 (ECDSA P-384 with SHA-384). */
  UNSUPPORTED_SIGNATURE_ALGORITHM,
  /** SIGNING_KEY is neither VCEK nor VLEK (e.g. 7 = unsigned report). */
  UNSUPPORTED_SIGNING_KEY,
  /** CPUID family/model of no known SNP generation, or report and certificate disagree. */
  UNSUPPORTED_PROCESSOR,
  /** The report signature does not verify with the VCEK/VLEK. */
  REPORT_SIGNATURE_INVALID,
  /** No VCEK/VLEK in the evidence nor from a configured source. */
  VEK_MISSING,
  /** A certificate cannot be parsed, or the chain's names, signatures or key types are wrong. */
  CHAIN_INVALID,
  /** The chain does not end in a pinned AMD root key (ARK) for the generation. */
  UNTRUSTED_ROOT,
  /** A certificate of the chain is outside its validity at the evaluation instant. */
  CERTIFICATE_NOT_VALID_AT_INSTANT,
  /** An AMD CRL is badly signed, malformed or outside its validity at the instant. */
  CRL_INVALID,
  /** The ASK/ASVK is listed on the ARK's CRL. */
  REVOKED,
  /** The VCEK/VLEK TCB extensions differ from REPORTED_TCB. */
  TCB_MISMATCH,
  /** The VCEK hwID extension differs from CHIP_ID. */
  CHIP_ID_MISMATCH,
  /** The report's SIGNING_KEY does not match the kind of certificate (VCEK vs VLEK). */
  SIGNING_KEY_MISMATCH,
  /** VMPL above the configured maximum (0 by default). */
  VMPL_REJECTED,
  /** A guest policy bit the configuration does not allow (debug, migration agent, ...). */
  POLICY_REJECTED,
  REPORT_DATA_MISMATCH,
  INIT_DATA_MISMATCH
}
