package dev.claviger.agent.attester.internal;

import dev.claviger.agent.AttesterException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code SNP_GET_EXT_REPORT} on {@code /dev/sev-guest}. An ioctl needs native access, which Java
 * 21 has only as a preview; this base version refuses. The multi-release jar carries a JDK 22+
 * version ({@code META-INF/versions/22}) that calls {@code ioctl(2)} through
 * {@code java.lang.foreign}.
 */
public final class SevGuestIoctl {
  /** A report and, when the host supplies one, the certificate table. */
  public record ExtReport(byte[] report, Optional<byte[]> certTable) {}

  private SevGuestIoctl() {}

  /** Whether this runtime can issue the ioctl. */
  public static boolean supported() {
    return false;
  }

  /** Requests a VMPL {@code vmpl} report over {@code reportData} (64 bytes). */
  public static ExtReport extendedReport(Path device, byte[] reportData, int vmpl)
      throws AttesterException {
    throw new AttesterException("reading " + device + " (SNP_GET_EXT_REPORT) needs a JDK >= 22 "
        + "running the multi-release jar; this runtime is Java " + Runtime.version().feature()
        + ". Use configfs-tsm (Linux 6.7+) instead");
  }
}
