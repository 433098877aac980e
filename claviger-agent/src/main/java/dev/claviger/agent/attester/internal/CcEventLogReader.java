package dev.claviger.agent.attester.internal;

import dev.claviger.agent.AttesterException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Builds the TDX {@code cc_eventlog} exactly as upstream's {@code read_eventlog}: the CCEL ACPI
 * table data trimmed at its end marker, then the attestation agent's AAEL file, then eight 0xFF
 * bytes. Without a CCEL but with an AAEL, the fixed 69-byte EV_NO_ACTION header comes first.
 */
public final class CcEventLogReader {
  /** The verifier accepts logs up to 16 MiB; a larger one could not be verified anyway. */
  public static final int MAX_LOG = 16 * 1024 * 1024;
  public static final String CCEL_PATH = "/sys/firmware/acpi/tables/data/CCEL";
  public static final String DEFAULT_AAEL_PATH = "/run/attestation-agent/eventlog";

  /** Upstream {@code EL_HEADER}: an EV_NO_ACTION spec event naming SHA-384 (0x30) and SM3. */
  static final byte[] EL_HEADER = {
      0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x25, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0C, 0x00, 0x30, 0x00,
      0x12, 0x00, 0x20, 0x00, 0x00};
  static final byte[] END_FLAG = {-1, -1, -1, -1, -1, -1, -1, -1};

  private CcEventLogReader() {}

  /** The log, or empty when there is neither a CCEL nor an AAEL (upstream sends null then). */
  public static Optional<byte[]> read(Path ccel, Path aael) throws AttesterException {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try {
      if (Files.exists(ccel)) {
        log.writeBytes(trimCcel(BoundedFiles.readBounded(ccel, MAX_LOG)));
      }
      if (Files.exists(aael)) {
        if (log.size() == 0) {
          log.writeBytes(EL_HEADER);
        }
        log.writeBytes(BoundedFiles.readBounded(aael, MAX_LOG - log.size()));
      }
    } catch (IOException e) {
      throw new AttesterException("cannot read the TDX event log: " + e.getMessage(), e);
    }
    if (log.size() == 0) {
      return Optional.empty();
    }
    log.writeBytes(END_FLAG);
    return Optional.of(log.toByteArray());
  }

  /**
   * Cuts the CCEL table data (a TCG2 log padded to the ACPI area's size) at the first event whose
   * first eight bytes are all 0xFF or all zero, as upstream {@code trim_ccel}.
   */
  public static byte[] trimCcel(byte[] ccel) throws AttesterException {
    ByteBuffer b = ByteBuffer.wrap(ccel).order(ByteOrder.LITTLE_ENDIAN);
    need(b, 8, "header");
    long type = Integer.toUnsignedLong(b.getInt(4));
    if (type != 0x3) {
      // Upstream would mis-step here; a TCG2 log always opens with the EV_NO_ACTION spec event.
      throw bad("the first event is not EV_NO_ACTION (type 0x" + Long.toHexString(type) + ")");
    }
    skip(b, 8 + 20, "spec event header"); // PCR index, type, SHA-1 digest
    skip(b, u32(b, "spec event size"), "spec event data");
    while (true) {
      need(b, 8, "end marker");
      long flag = b.getLong(b.position());
      if (flag == -1L || flag == 0L) {
        byte[] out = new byte[b.position()];
        System.arraycopy(ccel, 0, out, 0, out.length);
        return out;
      }
      skip(b, 8, "event header");
      long digests = u32(b, "digest count");
      for (long i = 0; i < digests; i++) {
        need(b, 2, "digest algorithm");
        skip(b, digestSize(b.getShort() & 0xFFFF), "digest");
      }
      skip(b, u32(b, "event data size"), "event data");
    }
  }

  private static int digestSize(int alg) throws AttesterException {
    return switch (alg) {
      case 0x0B, 0x12 -> 0x20;
      case 0x0C -> 0x30;
      case 0x0D -> 0x40;
      default -> throw bad("unsupported digest algorithm 0x" + Integer.toHexString(alg));
    };
  }

  private static long u32(ByteBuffer b, String what) throws AttesterException {
    need(b, 4, what);
    return Integer.toUnsignedLong(b.getInt());
  }

  private static void skip(ByteBuffer b, long n, String what) throws AttesterException {
    need(b, n, what);
    b.position(b.position() + (int) n);
  }

  private static void need(ByteBuffer b, long n, String what) throws AttesterException {
    if (b.remaining() < n) {
      throw bad("truncated at " + what + " (offset " + b.position() + ")");
    }
  }

  private static AttesterException bad(String why) {
    return new AttesterException("invalid CCEL: " + why);
  }
}
