/**
 * Arm CCA attestation-token verification: the tag-399 and tag-907 token collections, COSE_Sign1
 * (RFC 9052) signatures of the realm token by its RAK and of the platform token by a trusted CPAK,
 * the RAK-hash binding between them, and upstream's claims. Entry point: {@link
 * dev.claviger.evidence.cca.CcaVerifier}; trust anchors: {@link
 * dev.claviger.evidence.cca.CcaTrustAnchors}.
 */
package dev.claviger.evidence.cca;
