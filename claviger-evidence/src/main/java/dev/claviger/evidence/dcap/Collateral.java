package dev.claviger.evidence.dcap;

import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.dcap.internal.CollateralLoader;
import dev.claviger.evidence.dcap.internal.CollateralPool;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Unverified Intel collateral (TCB Infos, QE Identities, CRLs, issuer chains) from which the
 * verifier picks what a quote needs. Load it from an offline directory: PCS responses as files,
 * PEM issuer chains, DER/PEM CRLs, dcap-qvl collateral bundles, or PCS client-tool JSON.
 */
public final class Collateral implements CollateralSource {
  private static final Collateral EMPTY = new Collateral(CollateralPool.builder().build());
  private final CollateralPool pool;

  private Collateral(CollateralPool pool) {
    this.pool = pool;
  }

  public static Collateral empty() {
    return EMPTY;
  }

  /**
   * Reads every recognised file of {@code dir} (not recursive; other files are skipped).
   *
   * @throws EvidenceException unreadable directory or a malformed collateral file
   */
  public static Collateral fromDirectory(Path dir) throws EvidenceException {
    try {
      return new Collateral(CollateralLoader.directory(dir));
    } catch (IOException | RuntimeException e) {
      throw new EvidenceException("cannot load collateral from " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Reads the given files (each one of the recognised kinds). */
  public static Collateral fromFiles(Iterable<Path> files) throws EvidenceException {
    CollateralPool.Builder b = CollateralPool.builder();
    for (Path f : files) {
      try {
        CollateralLoader.add(b, java.nio.file.Files.readAllBytes(f));
      } catch (IOException | RuntimeException e) {
        throw new EvidenceException("cannot load collateral " + f + ": " + e.getMessage(), e);
      }
    }
    return new Collateral(b.build());
  }

  /** Collateral from raw file contents (tests, HTTP sources). */
  public static Collateral fromBytes(Iterable<byte[]> contents) throws EvidenceException {
    CollateralPool.Builder b = CollateralPool.builder();
    for (byte[] c : contents) {
      try {
        CollateralLoader.add(b, c);
      } catch (IOException | RuntimeException e) {
        throw new EvidenceException("cannot load collateral: " + e.getMessage(), e);
      }
    }
    return new Collateral(b.build());
  }

  /** Wraps an already built pool (collateral sources). */
  public static Collateral ofPool(CollateralPool pool) {
    return new Collateral(pool);
  }

  /** Both sets together. */
  public Collateral and(Collateral other) {
    return new Collateral(CollateralPool.builder().addAll(pool).addAll(other.pool).build());
  }

  /** A fixed set serves every platform from itself. */
  @Override
  public Collateral collateralFor(byte[] fmspc, String caType, boolean tdx, java.time.Instant at) {
    return this;
  }

  public boolean isEmpty() {
    return pool.isEmpty();
  }

  /** For the verifier; not API. */
  public CollateralPool pool() {
    return pool;
  }

  @Override
  public String toString() {
    return "Collateral[" + (pool.isEmpty() ? "empty" : "loaded") + "]";
  }
}
