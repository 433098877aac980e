/**
 * Image signatures in the two formats the containers ecosystem reads: containers "simple signing"
 * (an OpenPGP signed message over a JSON payload, {@link dev.claviger.image.sign.SimpleSigning},
 * stored in a lookaside that {@link dev.claviger.image.sign.RegistriesD} configures, {@link
 * dev.claviger.image.sign.Lookaside}) and cosign key-based signatures ({@link
 * dev.claviger.image.sign.Cosign}, stored as {@code sha256-<hex>.sig} attachments, {@link
 * dev.claviger.image.sign.CosignAttachments}). Everything read here is untrusted until a verify
 * method accepts it; failures are {@link dev.claviger.image.sign.SignatureException} with a kind.
 * Whether a verified signature fits an image is decided by {@code dev.claviger.image.policy}.
 */
package dev.claviger.image.sign;
