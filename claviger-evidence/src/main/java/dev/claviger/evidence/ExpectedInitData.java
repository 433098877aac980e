package dev.claviger.evidence;

import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The init-data digest the evidence must bind (H_alg of the raw init-data TOML), or an explicit
 * {@link #NOT_PROVIDED}. There is no {@code null} form.
 */
public final class ExpectedInitData {
  /** The guest sent no init data; nothing is checked and no init-data claims are produced. */
  public static final ExpectedInitData NOT_PROVIDED = new ExpectedInitData(null);

  private final byte[] digest;

  private ExpectedInitData(byte[] digest) {
    this.digest = digest;
  }

  public static ExpectedInitData of(byte[] digest) {
    Objects.requireNonNull(digest, "digest");
    if (digest.length == 0) {
      throw new IllegalArgumentException("empty init data digest");
    }
    return new ExpectedInitData(digest.clone());
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
    return o instanceof ExpectedInitData other && java.util.Arrays.equals(digest, other.digest);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return digest == null ? "ExpectedInitData[NOT_PROVIDED]"
        : "ExpectedInitData[" + HexFormat.of().formatHex(digest) + "]";
  }
}
