package dev.claviger.evidence.nvidia;

/** Why NVIDIA device evidence (or a RIM) was rejected. */
public enum NvidiaError {
  /** The evidence JSON, SPDM messages, opaque data or PEM chain do not parse. */
  MALFORMED,
  /** Architecture not verified locally. */
  UNSUPPORTED_ARCH,
  /** The device chain does not end at a configured NVIDIA device identity root. */
  WRONG_ROOT,
  /** A certificate in the chain is not signed by the next one, or is not a CA where it must be. */
  CHAIN_INVALID,
  /** A certificate is outside its validity period at the evaluation instant. */
  CERT_EXPIRED,
  /** The SPDM measurement signature does not verify with the leaf key. */
  SIGNATURE_INVALID,
  /** The leaf's TCG DICE FWID differs from the report's opaque FWID. */
  FWID_MISMATCH,
  /** The SPDM requester nonce differs from the expected nonce (or none was given). */
  NONCE_MISMATCH,
  /** A RIM does not parse, is not securely parseable, or lacks required elements. */
  RIM_MALFORMED,
  /** The RIM's XML signature does not verify. */
  RIM_SIGNATURE_INVALID,
  /** The RIM signing chain does not reach the configured CoRIM root or is broken. */
  RIM_CHAIN_INVALID,
  /** A RIM signing certificate is outside its validity period at the evaluation instant. */
  RIM_CERT_EXPIRED,
  /** A measurement differs from every alternative the RIM allows. */
  MEASUREMENT_MISMATCH
}
