package dev.claviger.agent.attester.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

import dev.claviger.agent.AttesterException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code SNP_GET_EXT_REPORT} on {@code /dev/sev-guest} through {@code java.lang.foreign} (JDK
 * 22+), following the sev crate: ask without a certificate buffer; when the host answers "invalid
 * length" (VMM error 1) it has certificates and says how many bytes, so ask again with a buffer of
 * that size.
 *
 * <p>Layouts (linux/sev-guest.h): {@code snp_report_req} = report_data[64], vmpl u32, rsvd[28];
 * {@code snp_ext_report_req} = that, certs_address u64 @96, certs_len u32 @104 (112 bytes);
 * {@code snp_report_resp} = 4000 bytes (status u32, report_size u32, rsvd[24], report @32);
 * {@code snp_guest_request_ioctl} = msg_version u8, req_data u64 @8, resp_data u64 @16,
 * exitinfo2 u64 @24 (fw_error low half, vmm_error high half).
 */
public final class SevGuestIoctl {
  /** A report and, when the host supplies one, the certificate table. */
  public record ExtReport(byte[] report, Optional<byte[]> certTable) {}

  /** _IOWR('S', 0x2, struct snp_guest_request_ioctl): dir 3, size 32, type 'S', nr 2. */
  static final long SNP_GET_EXT_REPORT = 0xC0205302L;
  private static final int O_RDWR = 2;
  private static final int O_CLOEXEC = 0x80000;
  private static final int REPORT_SIZE = 1184;
  private static final int RESP_SIZE = 4000;
  private static final int EXT_REQ_SIZE = 112;
  private static final int VMM_ERR_INVALID_LEN = 1;
  /** The kernel caps the certificate buffer (SEV_FW_BLOB_MAX_SIZE is 16 KiB pages); so do we. */
  private static final int MAX_CERTS = 64 * 1024;

  private static final StructLayout ERRNO = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO_HANDLE =
      ERRNO.varHandle(MemoryLayout.PathElement.groupElement("errno"));

  private SevGuestIoctl() {}

  public static boolean supported() {
    return true;
  }

  public static ExtReport extendedReport(Path device, byte[] reportData, int vmpl)
      throws AttesterException {
    if (reportData.length != 64 || vmpl < 0 || vmpl > 3) {
      throw new IllegalArgumentException("report data must be 64 bytes and VMPL 0..3");
    }
    try (Arena arena = Arena.ofConfined()) {
      Native n = new Native(arena);
      int fd = n.open(device);
      try {
        return request(n, arena, fd, reportData, vmpl);
      } finally {
        n.close(fd);
      }
    } catch (AttesterException e) {
      throw e;
    } catch (Throwable t) {
      throw new AttesterException("SNP_GET_EXT_REPORT on " + device + " failed: " + t, t);
    }
  }

  private static ExtReport request(Native n, Arena arena, int fd, byte[] reportData, int vmpl)
      throws Throwable {
    MemorySegment req = arena.allocate(EXT_REQ_SIZE, 8);
    MemorySegment resp = arena.allocate(RESP_SIZE, 8);
    MemorySegment call = arena.allocate(32, 8);
    MemorySegment.copy(reportData, 0, req, JAVA_BYTE, 0, 64);
    req.set(JAVA_INT_UNALIGNED, 64, vmpl);
    call.set(JAVA_BYTE, 0, (byte) 1);
    call.set(JAVA_LONG_UNALIGNED, 8, req.address());
    call.set(JAVA_LONG_UNALIGNED, 16, resp.address());
    int rc = n.ioctl(fd, call);
    MemorySegment certs = null;
    if (vmmError(call) == VMM_ERR_INVALID_LEN) {
      int len = req.get(JAVA_INT_UNALIGNED, 104);
      if (len <= 0 || len > MAX_CERTS) {
        throw new AttesterException("host asks for a certificate buffer of " + Integer.toUnsignedString(len)
            + " bytes (limit " + MAX_CERTS + ")");
      }
      certs = arena.allocate(len, 4096);
      req.set(JAVA_LONG_UNALIGNED, 96, certs.address());
      call.set(JAVA_LONG_UNALIGNED, 24, 0L);
      rc = n.ioctl(fd, call);
    }
    if (rc != 0) {
      long exit = call.get(JAVA_LONG_UNALIGNED, 24);
      throw new AttesterException(String.format("SNP_GET_EXT_REPORT failed: errno %d, firmware error "
          + "0x%x, VMM error 0x%x", n.lastErrno, exit & 0xFFFFFFFFL, exit >>> 32));
    }
    int status = resp.get(JAVA_INT_UNALIGNED, 0);
    int size = resp.get(JAVA_INT_UNALIGNED, 4);
    if (status != 0 || size != REPORT_SIZE) {
      throw new AttesterException("SNP report response status 0x" + Integer.toHexString(status)
          + ", size " + Integer.toUnsignedString(size));
    }
    byte[] report = resp.asSlice(32, REPORT_SIZE).toArray(JAVA_BYTE);
    int certsLen = req.get(JAVA_INT_UNALIGNED, 104);
    Optional<byte[]> table = certs == null || certsLen == 0 ? Optional.empty()
        : Optional.of(certs.asSlice(0, Math.min(certsLen, certs.byteSize())).toArray(JAVA_BYTE));
    return new ExtReport(report, table);
  }

  private static long vmmError(MemorySegment call) {
    return call.get(JAVA_LONG_UNALIGNED, 24) >>> 32;
  }

  /** libc open/ioctl/close with errno captured. */
  private static final class Native {
    private final Arena arena;
    private final MethodHandle open;
    private final MethodHandle ioctl;
    private final MethodHandle close;
    private final MemorySegment state;
    int lastErrno;

    // Native access is the point of this class; the JDK still warns at run time unless the
    // launcher passes --enable-native-access (docs/attesters.md).
    @SuppressWarnings("restricted")
    Native(Arena arena) {
      this.arena = arena;
      Linker linker = Linker.nativeLinker();
      var libc = linker.defaultLookup();
      Linker.Option errno = Linker.Option.captureCallState("errno");
      open = linker.downcallHandle(libc.find("open").orElseThrow(),
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), errno);
      ioctl = linker.downcallHandle(libc.find("ioctl").orElseThrow(),
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS), errno,
          Linker.Option.firstVariadicArg(2));
      close = linker.downcallHandle(libc.find("close").orElseThrow(),
          FunctionDescriptor.of(JAVA_INT, JAVA_INT));
      state = arena.allocate(ERRNO);
    }

    int open(Path device) throws Throwable {
      int fd = (int) open.invokeExact(state, arena.allocateFrom(device.toString()), O_RDWR | O_CLOEXEC);
      if (fd < 0) {
        throw new AttesterException("cannot open " + device + ": errno " + errno());
      }
      return fd;
    }

    int ioctl(int fd, MemorySegment call) throws Throwable {
      int rc = (int) ioctl.invokeExact(state, fd, SNP_GET_EXT_REPORT, call);
      lastErrno = rc == 0 ? 0 : errno();
      return rc;
    }

    void close(int fd) throws Throwable {
      int ignored = (int) close.invokeExact(fd);
    }

    private int errno() {
      return (int) ERRNO_HANDLE.get(state, 0L);
    }
  }
}
