package dev.claviger.evidence;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The digest the evidence's report data must bind, or an explicit {@link #NOT_PROVIDED} when the
 * caller deliberately asks for no binding check. There is no {@code null} form.
 */
public final class ExpectedReportData {
  /** No binding check; the verifier records that none was made. */
  public static final ExpectedReportData NOT_PROVIDED = new ExpectedReportData(null);

  private final byte[] digest;

  private ExpectedReportData(byte[] digest) {
    this.digest = digest;
  }

  /** The raw digest (for structured runtime data: HASH(JCS(runtime data))). */
  public static ExpectedReportData of(byte[] digest) {
    Objects.requireNonNull(digest, "digest");
    if (digest.length == 0) {
      throw new IllegalArgumentException("empty report data digest");
    }
    return new ExpectedReportData(digest.clone());
  }

  public boolean isProvided() {
    return digest != null;
  }

  /** A copy of the digest, or empty for {@link #NOT_PROVIDED}. */
  public Optional<byte[]> digest() {
    return digest == null ? Optional.empty() : Optional.of(digest.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExpectedReportData other && java.util.Arrays.equals(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return digest == null ? "ExpectedReportData[NOT_PROVIDED]"
        : "ExpectedReportData[" + HexFormat.of().formatHex(digest) + "]";
  }
}
