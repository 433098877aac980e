package dev.claviger.evidence.cca;

/** Why Arm CCA evidence was rejected; every check that can fail has its own code. */
public enum CcaError {
  /** The evidence document (JSON, hex, base64) could not be decoded into token bytes. */
  MALFORMED_EVIDENCE,
  /** The CBOR is malformed, exceeds a bound, or the collection has the wrong shape or tag. */
  MALFORMED_TOKEN,
  /** A COSE_Sign1 is malformed or uses an unsupported feature (crit, detached payload). */
  MALFORMED_COSE,
  /** A claim is missing, has the wrong type or size, or an unknown hash algorithm. */
  MALFORMED_CLAIMS,
  /** The COSE algorithm is not ES256/ES384/ES512 or does not fit the key's curve. */
  UNSUPPORTED_ALGORITHM,
  /** The realm attestation key (RAK) claim is not a usable EC public key. */
  INVALID_RAK,
  /** The realm token signature does not verify with the RAK it carries. */
  REALM_SIGNATURE_INVALID,
  /** The platform challenge is not the hash of the RAK claim (the two tokens are not bound). */
  RAK_BINDING_MISMATCH,
  /** No CPAK of the trust-anchor store verifies the platform token. */
  UNTRUSTED_PLATFORM_KEY,
  /** The realm challenge does not equal the expected report data. */
  REPORT_DATA_MISMATCH,
  /** The realm personalization value does not equal the init-data digest. */
  INIT_DATA_MISMATCH
}
