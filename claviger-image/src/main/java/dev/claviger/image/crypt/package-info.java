/**
 * ocicrypt-compatible image layer encryption (skopeo/podman {@code --encryption-key jwe:},
 * containers/ocicrypt {@code AES_256_CTR_HMAC_SHA256}) plus the CoCo {@code kbs} key provider.
 *
 * <p>Build side: {@link dev.claviger.image.crypt.LayerEncryptor} (one blob) and {@link
 * dev.claviger.image.crypt.ImageEncryptor} (an image, layout to layout or as an {@code
 * ImageCopier} layer transform) wrap a fresh per-layer key to {@link
 * dev.claviger.image.crypt.JweRecipient}s and {@link dev.claviger.image.crypt.KbsRecipient}s.
 * Pull side: {@link dev.claviger.image.crypt.LayerDecryptor} recovers layer keys through {@link
 * dev.claviger.image.crypt.LayerKeyResolver}s (private keys, or the confidential data hub after
 * attestation) and {@link dev.claviger.image.crypt.ImageDecryptor} restores the original
 * descriptors. Every failure is an {@link dev.claviger.image.crypt.ImageCryptException} with a
 * {@link dev.claviger.image.crypt.ImageCryptException.Reason}.
 */
package dev.claviger.image.crypt;
