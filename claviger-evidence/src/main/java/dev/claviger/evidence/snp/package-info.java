/**
 * AMD SEV-SNP attestation: report parsing ({@link dev.claviger.evidence.snp.SnpReport}, versions
 * 2, 3 and 5), upstream's evidence JSON ({@link dev.claviger.evidence.snp.SnpEvidence}), the
 * verification engine ({@link dev.claviger.evidence.snp.SnpReportVerifier}: VCEK/VLEK → ASK/ASVK
 * → pinned ARK, report signature, TCB and hwID binding, VMPL and guest policy, AMD CRLs) and the
 * {@code snp} plug-in of the Verifier SPI ({@link dev.claviger.evidence.snp.SnpVerifier}).
 *
 * <p>See {@code docs/snp.md} for what is checked, the configuration and the differences from
 * upstream.
 */
package dev.claviger.evidence.snp;
