package dev.claviger.evidence.snp;

import dev.claviger.evidence.EvidenceException;
import java.util.Optional;

/**
 * Where a VCEK/VLEK comes from when the evidence carries none: an offline store, a collateral
 * directory, AMD KDS. Whatever a source returns is verified like evidence-supplied certificates.
 * Implementations must be thread-safe.
 */
public interface VekSource {
  /**
   * The certificate (DER or PEM) for this report, or empty when this source has none.
   *
   * @param generation the generation from the report's CPUID, empty for a version-2 report
   * @throws EvidenceException the source failed (I/O, unreachable service)
   */
  Optional<byte[]> find(SnpReport report, Optional<ProcessorGeneration> generation)
      throws EvidenceException;
}
