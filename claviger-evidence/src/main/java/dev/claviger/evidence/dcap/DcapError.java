package dev.claviger.evidence.dcap;

/** Why a DCAP quote was rejected; each check that can fail has its own code. */
public enum DcapError {
  /** The quote bytes do not follow the layout they declare. */
  MALFORMED_QUOTE,
  /** Well-formed but of a version, key type, TEE type or certification type we do not verify. */
  UNSUPPORTED_QUOTE,
  /** The evidence document (JSON, base64, hex) could not be decoded into a quote. */
  MALFORMED_EVIDENCE,
  QUOTE_SIGNATURE_INVALID,
  QE_REPORT_SIGNATURE_INVALID,
  /** QE report data is not SHA-256(attestation key || QE auth data) || 32 zero bytes. */
  QE_BINDING_MISMATCH,
  /** The embedded PCK chain cannot be parsed or its signatures / structure are wrong. */
  PCK_CHAIN_INVALID,
  /** A chain does not end in a pinned trust anchor. */
  UNTRUSTED_ROOT,
  /** A certificate is not valid at the evaluation instant. */
  CERTIFICATE_NOT_VALID_AT_INSTANT,
  PCK_REVOKED,
  /** A CA certificate of the PCK chain is listed by the Root CA CRL. */
  CA_REVOKED,
  /** A CRL is malformed, from the wrong issuer or badly signed. */
  CRL_INVALID,
  /** TCB Info or QE Identity signature does not verify over the exact bytes received. */
  COLLATERAL_SIGNATURE_INVALID,
  /** TCB Info, QE Identity, a CRL or an issuer certificate is outside its validity at the instant. */
  COLLATERAL_EXPIRED,
  /** Collateral is malformed or does not fit the quote (FMSPC, PCE-ID, TEE type, version). */
  COLLATERAL_INVALID,
  /** Collateral needed for the requested checks is absent. */
  COLLATERAL_MISSING,
  /** No TCB level of the TCB Info matches the platform (Intel: TCB not supported). */
  TCB_NOT_SUPPORTED,
  /** The QE report does not match the QE Identity (MRSIGNER, ISVPRODID, masked fields). */
  QE_IDENTITY_MISMATCH,
  /** The TDX module (MRSIGNER_SEAM / SEAM attributes / module identity) does not match. */
  TDX_MODULE_MISMATCH,
  /** The combined TCB status is one the caller does not accept (e.g. Revoked). */
  TCB_STATUS_REJECTED,
  /** The CC event log does not replay to the quote's RTMRs. */
  EVENT_LOG_MISMATCH,
  REPORT_DATA_MISMATCH,
  INIT_DATA_MISMATCH
}
