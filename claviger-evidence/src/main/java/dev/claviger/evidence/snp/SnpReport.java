package dev.claviger.evidence.snp;

import java.util.Arrays;
import java.util.Optional;

/**
 * A parsed SEV-SNP ATTESTATION_REPORT (AMD SEV-SNP Firmware ABI, doc 56860): exactly 1184 bytes,
 * little-endian, versions 2, 3 and 5, signed with ECDSA P-384/SHA-384 over bytes 0x000..0x29F.
 * Parsing checks only the structure (size, version, signature algorithm); nothing here is trusted
 * until {@link SnpReportVerifier} has verified the signature.
 *
 * <p>Immutable: array accessors return copies. TCB values are kept raw because their layout depends
 * on the processor generation, which a version-2 report does not state.
 */
public final class SnpReport {
  /** Size of the report. */
  public static final int SIZE = 0x4A0;
  /** Length of the signed region [0, 0x2A0). */
  public static final int SIGNED_LENGTH = 0x2A0;
  /** SIGNATURE_ALGO value for ECDSA P-384 with SHA-384. */
  public static final int SIG_ALGO_ECDSA_P384_SHA384 = 1;

  /** What the SIGNING_KEY field (bits 4:2 of the u32 at 0x48) says signed the report. */
  public enum SigningKey { VCEK, VLEK, NONE, RESERVED }

  private final byte[] bytes;

  private SnpReport(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Parses a report.
   *
   * @throws SnpRejectedException {@link SnpError#MALFORMED_REPORT} for a length other than 1184,
   *     {@link SnpError#UNSUPPORTED_VERSION}, {@link SnpError#UNSUPPORTED_SIGNATURE_ALGORITHM}
   */
  public static SnpReport parse(byte[] report) throws SnpRejectedException {
    if (report == null || report.length != SIZE) {
      throw new SnpRejectedException(SnpError.MALFORMED_REPORT, "an attestation report is "
          + SIZE + " bytes, got " + (report == null ? "none" : report.length));
    }
    SnpReport r = new SnpReport(report.clone());
    long version = r.u32(0x000);
    if (version != 2 && version != 3 && version != 5) {
      throw new SnpRejectedException(SnpError.UNSUPPORTED_VERSION,
          "report version " + version + " (supported: 2, 3, 5)");
    }
    long algo = r.u32(0x034);
    if (algo != SIG_ALGO_ECDSA_P384_SHA384) {
      throw new SnpRejectedException(SnpError.UNSUPPORTED_SIGNATURE_ALGORITHM,
          "signature algorithm " + algo + " (supported: 1 = ECDSA P-384 with SHA-384)");
    }
    return r;
  }

  /** A copy of the 1184 report bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int version() {
    return (int) u32(0x000);
  }

  public long guestSvn() {
    return u32(0x004);
  }

  /** Guest policy: ABI minor bits 0-7, major 8-15, SMT 16, reserved-1 17, MA 18, debug 19, ... */
  public long policy() {
    return u64(0x008);
  }

  public byte[] familyId() {
    return slice(0x010, 16);
  }

  public byte[] imageId() {
    return slice(0x020, 16);
  }

  public long vmpl() {
    return u32(0x030);
  }

  public long signatureAlgorithm() {
    return u32(0x034);
  }

  public long currentTcbRaw() {
    return u64(0x038);
  }

  /** PLATFORM_INFO: bit 0 SMT enabled, bit 1 TSME enabled, ... */
  public long platformInfo() {
    return u64(0x040);
  }

  /** The u32 at 0x48: bit 0 AUTHOR_KEY_EN, bit 1 MASK_CHIP_KEY, bits 4:2 SIGNING_KEY. */
  public long keyInfo() {
    return u32(0x048);
  }

  public SigningKey signingKey() {
    return switch ((int) (keyInfo() >>> 2) & 0x7) {
      case 0 -> SigningKey.VCEK;
      case 1 -> SigningKey.VLEK;
      case 7 -> SigningKey.NONE;
      default -> SigningKey.RESERVED;
    };
  }

  public byte[] reportData() {
    return slice(0x050, 64);
  }

  public byte[] measurement() {
    return slice(0x090, 48);
  }

  public byte[] hostData() {
    return slice(0x0C0, 32);
  }

  public byte[] idKeyDigest() {
    return slice(0x0E0, 48);
  }

  public byte[] authorKeyDigest() {
    return slice(0x110, 48);
  }

  public byte[] reportId() {
    return slice(0x140, 32);
  }

  public byte[] reportIdMa() {
    return slice(0x160, 32);
  }

  /** The TCB the VCEK/VLEK is bound to. */
  public long reportedTcbRaw() {
    return u64(0x180);
  }

  /** CPUID family, model, stepping (v3+); empty for v2, whose bytes there are reserved. */
  public Optional<int[]> cpuid() {
    if (version() < 3) {
      return Optional.empty();
    }
    return Optional.of(new int[] {u8(0x188), u8(0x189), u8(0x18A)});
  }

  /** The generation the CPUID fields name (v3+), if one is known. */
  public Optional<ProcessorGeneration> cpuidGeneration() {
    return cpuid().flatMap(c -> ProcessorGeneration.fromCpuid(c[0], c[1]));
  }

  public byte[] chipId() {
    return slice(0x1A0, 64);
  }

  public long committedTcbRaw() {
    return u64(0x1E0);
  }

  /** Current firmware version as {major, minor, build}. */
  public int[] currentVersion() {
    return new int[] {u8(0x1EA), u8(0x1E9), u8(0x1E8)};
  }

  /** Committed firmware version as {major, minor, build}. */
  public int[] committedVersion() {
    return new int[] {u8(0x1EE), u8(0x1ED), u8(0x1EC)};
  }

  public long launchTcbRaw() {
    return u64(0x1F0);
  }

  /** LAUNCH_MIT_VECTOR (v5). */
  public Optional<Long> launchMitVector() {
    return version() >= 5 ? Optional.of(u64(0x1F8)) : Optional.empty();
  }

  /** CURRENT_MIT_VECTOR (v5). */
  public Optional<Long> currentMitVector() {
    return version() >= 5 ? Optional.of(u64(0x200)) : Optional.empty();
  }

  /** Signature r, 72 bytes little-endian. */
  public byte[] signatureR() {
    return slice(0x2A0, 72);
  }

  /** Signature s, 72 bytes little-endian. */
  public byte[] signatureS() {
    return slice(0x2E8, 72);
  }

  private byte[] slice(int off, int len) {
    return Arrays.copyOfRange(bytes, off, off + len);
  }

  private int u8(int off) {
    return bytes[off] & 0xFF;
  }

  private long u32(int off) {
    return (u8(off) | u8(off + 1) << 8 | u8(off + 2) << 16 | (long) u8(off + 3) << 24) & 0xFFFFFFFFL;
  }

  private long u64(int off) {
    return u32(off) | u32(off + 4) << 32;
  }

  @Override
  public String toString() {
    return "SnpReport[version=" + version() + ", vmpl=" + vmpl() + ", signingKey=" + signingKey() + "]";
  }
}
