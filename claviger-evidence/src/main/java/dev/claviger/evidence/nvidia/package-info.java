/**
 * NVIDIA GPU (Hopper, Blackwell) and NVSwitch (LS10) attestation: SPDM 1.1 GET_MEASUREMENTS
 * parsing, the device certificate chain to a pinned NVIDIA Device Identity CA, the FWID binding,
 * the nonce, signed RIM (SWID tag, XML-DSig) verification and measurement comparison, and the
 * {@code nvidia} plug-in of the Verifier SPI ({@link dev.claviger.evidence.nvidia.NvidiaVerifier}).
 *
 * <p>See {@code docs/nvidia.md} for what is checked and the differences from upstream.
 */
package dev.claviger.evidence.nvidia;
