/**
 * TPM 2.0 quote verification: the {@code tpm} verifier ({@link dev.claviger.evidence.tpm.TpmVerifier}),
 * attestation-key trust ({@link dev.claviger.evidence.tpm.AkTrust}) and the typed rejection
 * ({@link dev.claviger.evidence.tpm.TpmRejectedException} with a {@link dev.claviger.evidence.tpm.TpmError}).
 * Parsers and checks live in {@code .internal}; see {@code docs/tpm.md}.
 */
package dev.claviger.evidence.tpm;
