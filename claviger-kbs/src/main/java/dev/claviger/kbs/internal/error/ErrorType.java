package dev.claviger.kbs.internal.error;

/**
 * The closed set of error types a client can see, named and numbered as upstream KBS
 * ({@code kbs/src/error.rs}) so that clients matching on {@code type} keep working. Upstream
 * answers 401 for nearly everything; we keep that where clients depend on it and say so per
 * constant.
 */
public enum ErrorType {
  /** Admin credentials missing, invalid or not allowed for the endpoint. */
  ADMIN_AUTH_ACCESS("AdminAuthAccess", 401),
  /** RCAR handshake failed: version, session, nonce, evidence or appraisal. */
  ATTESTATION_ERROR("AttestationError", 401),
  /** The request path is not a KBS route or names an invalid resource. Upstream: 404. */
  INVALID_REQUEST_PATH("InvalidRequestPath", 404),
  /** The resource could not be wrapped to the TEE key (bad or unsupported key). */
  JWE_ERROR("JweError", 401),
  /** The first path segment names no plugin. Upstream: 404. */
  PLUGIN_NOT_FOUND("PluginNotFound", 404),
  /**
   * A plugin failed, including "resource not found". Upstream answers 401 for a missing
   * resource; we keep it because guest clients retry/re-attest on 401 and do not expect 404.
   */
  PLUGIN_INTERNAL_ERROR("PluginInternalError", 401),
  /** The resource policy denied (or was undefined, or not boolean). Upstream: 401, kept. */
  POLICY_DENY("PolicyDeny", 401),
  /** An uploaded policy does not parse or compile. */
  PARSE_POLICY_ERROR("ParsePolicyError", 401),
  /** The policy engine failed at evaluation time. */
  POLICY_ENGINE_ERROR("PolicyEngineError", 401),
  /** Reference-value registration or query failed. */
  RVPS_ERROR("RvpsError", 401),
  /** The body is not the JSON the endpoint expects. Upstream: 401, kept. */
  SERDE_ERROR("SerdeError", 401),
  /** Neither an attested session cookie nor a bearer token came with the request. */
  TOKEN_NOT_FOUND("TokenNotFound", 401),
  /** The attestation token failed verification (signature, trust anchor, expiry, claims). */
  TOKEN_VERIFIER_ERROR("TokenVerifierError", 401),
  /**
   * The body exceeds {@code payload_request_size}. Claviger-specific type: upstream (actix)
   * answers 413 with a plain-text body; we keep 413 with the JSON error shape.
   */
  PAYLOAD_TOO_LARGE("PayloadTooLarge", 413),
  /** Wrong method on a known path. Claviger-specific; upstream falls into a 404/401 path. */
  METHOD_NOT_ALLOWED("MethodNotAllowed", 405),
  /**
   * We (or the store, KMS, or AS) failed. Claviger-specific; upstream would report 401 with
   * whichever variant wrapped the failure. 500 tells operators and clients it is not their fault.
   */
  INTERNAL_ERROR("InternalError", 500);

  /** URI prefix of every error type, as upstream. */
  public static final String PREFIX = "https://github.com/confidential-containers/kbs/errors/";

  private final String variant;
  private final int status;

  ErrorType(String variant, int status) {
    this.variant = variant;
    this.status = status;
  }

  public String uri() {
    return PREFIX + variant;
  }

  public String variant() {
    return variant;
  }

  public int status() {
    return status;
  }
}
