/**
 * Azure confidential-VM evidence ({@code az-snp-vtpm}, {@code az-tdx-vtpm}): a vTPM quote whose AK
 * is bound, through the paravisor's HCL report, to an SEV-SNP report or a TD quote.
 */
package dev.claviger.evidence.azure;
