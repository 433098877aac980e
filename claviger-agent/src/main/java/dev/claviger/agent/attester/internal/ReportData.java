package dev.claviger.agent.attester.internal;

import dev.claviger.agent.AttesterException;
import java.util.Arrays;
import java.util.Objects;

/** Report-data sizing shared by the hardware attesters. */
public final class ReportData {
  private ReportData() {}

  /**
   * Zero-pads {@code data} to {@code size}; longer input is refused, never truncated (a truncated
   * binding would silently bind less than the caller asked for).
   */
  public static byte[] padTo(byte[] data, int size, String tee) throws AttesterException {
    Objects.requireNonNull(data, "reportData");
    if (data.length > size) {
      throw new AttesterException(tee + " report data must be at most " + size + " bytes, got "
          + data.length);
    }
    return Arrays.copyOf(data, size);
  }

  /**
   * Upstream's {@code pad::<N>} for init-data digests: zero-pad, or keep the first {@code size}
   * bytes of a longer digest (a SHA-384 init-data digest is cut to 32 bytes for SNP HOST_DATA).
   */
  public static byte[] fit(byte[] digest, int size) {
    return Arrays.copyOf(digest, size);
  }
}
