package dev.claviger.kms;

/**
 * The KMS could not do what was asked: a key file is missing, unreadable or has unsafe permissions,
 * the crypto provider failed, or (as {@link InvalidCiphertextException}) the input is not a valid
 * envelope for this KMS.
 */
public class KmsException extends Exception {
  private static final long serialVersionUID = 1L;

  public KmsException(String message) {
    super(message);
  }

  public KmsException(String message, Throwable cause) {
    super(message, cause);
  }
}
