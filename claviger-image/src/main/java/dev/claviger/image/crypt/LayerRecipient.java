package dev.claviger.image.crypt;

/**
 * Someone a layer key is wrapped for: a public key (JWE, annotation {@code
 * org.opencontainers.image.enc.keys.jwe}) or a KBS-held key-encryption key (CoCo annotation
 * packet, annotation {@code org.opencontainers.image.enc.keys.provider.attestation-agent}).
 */
public sealed interface LayerRecipient permits JweRecipient, KbsRecipient {}
