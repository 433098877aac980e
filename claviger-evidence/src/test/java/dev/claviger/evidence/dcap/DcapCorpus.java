package dev.claviger.evidence.dcap;

import dev.claviger.evidence.testing.SharedCorpus;
import dev.claviger.evidence.EvidenceException;
import java.nio.file.Path;
import java.time.Instant;

/** The shared evidence corpus, read in place; skipped when absent unless CI=true. */
public final class DcapCorpus {
  private DcapCorpus() {}

  public static Path root() {
    return SharedCorpus.root();
  }

  public static Path path(String rel) {
    return SharedCorpus.path(rel);
  }

  public static byte[] bytes(String rel) {
    return SharedCorpus.bytes(rel);
  }

  /** A quote file in any form {@link QuoteInput} accepts. */
  public static byte[] quote(String rel) {
    try {
      return QuoteInput.decode(bytes(rel));
    } catch (DcapRejectedException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TrustAnchors intelAnchors() {
    try {
      return TrustAnchors.fromDirectory(path("roots/intel"));
    } catch (EvidenceException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Collateral collateral(String dir) {
    try {
      return Collateral.fromDirectory(path(dir));
    } catch (EvidenceException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Instant at(String iso) {
    return Instant.parse(iso);
  }
}
