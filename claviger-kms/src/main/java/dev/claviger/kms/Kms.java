package dev.claviger.kms;

import dev.claviger.core.SecretBytes;

/**
 * Seals secrets for storage at rest (envelope encryption: a fresh AES-256-GCM data key per seal,
 * wrapped under a master key that never enters the database).
 *
 * <h2>Security guarantees</h2>
 *
 * <ul>
 *   <li>Confidentiality and integrity of the plaintext, and integrity of {@code aad}, under the
 *       master key. Unsealing with any other AAD fails.
 *   <li>Unseal returns the whole plaintext or throws; it never returns partial output.
 *   <li>All failures on bad input are {@link InvalidCiphertextException} ("invalid ciphertext").
 * </ul>
 *
 * <p>Implementations are thread-safe.
 */
public interface Kms {
  /**
   * Encrypts {@code plaintext}, binding {@code aad} (for example the resource path) to it.
   *
   * @return a self-describing envelope (format version, key id, wrapped data key, nonce,
   *     ciphertext and tag)
   */
  byte[] seal(SecretBytes plaintext, byte[] aad) throws KmsException;

  /**
   * Decrypts an envelope made by {@link #seal}.
   *
   * @throws InvalidCiphertextException when the envelope is malformed, tampered with, made under an
   *     unknown key, or {@code aad} differs from the one given to seal
   * @throws KmsException when the KMS itself failed
   */
  SecretBytes unseal(byte[] sealed, byte[] aad) throws KmsException;
}
