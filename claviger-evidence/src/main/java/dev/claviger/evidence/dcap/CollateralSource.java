package dev.claviger.evidence.dcap;

import dev.claviger.evidence.EvidenceException;
import java.time.Instant;

/**
 * Where a verifier gets the collateral for one platform. A fixed {@link Collateral} is one; a
 * {@link PcsClient} fetches from Intel PCS or a PCCS and caches.
 */
public interface CollateralSource {
  /**
   * Collateral for a platform.
   *
   * @param fmspc the FMSPC of the PCK certificate (6 bytes)
   * @param caType {@code "platform"} or {@code "processor"} (the PCK CA)
   * @param tdx whether the quote is a TDX quote
   * @param at the evaluation instant
   * @throws EvidenceException the source could not deliver (network, server error)
   */
  Collateral collateralFor(byte[] fmspc, String caType, boolean tdx, Instant at) throws EvidenceException;
}
