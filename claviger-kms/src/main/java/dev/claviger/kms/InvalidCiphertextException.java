package dev.claviger.kms;

/**
 * The sealed input is not authentic for this KMS and AAD: truncated, tampered with, sealed under a
 * key this KMS does not hold, or sealed with different AAD. Every such cause has the same message,
 * "invalid ciphertext", so that the exception is not an oracle.
 */
public final class InvalidCiphertextException extends KmsException {
  private static final long serialVersionUID = 1L;

  public InvalidCiphertextException() {
    super("invalid ciphertext");
  }
}
