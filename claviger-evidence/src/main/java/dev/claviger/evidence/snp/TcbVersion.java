package dev.claviger.evidence.snp;

import java.util.OptionalInt;

/**
 * A TCB_VERSION (u64) decoded for one generation's layout. Milan/Genoa: byte0 bootloader, byte1
 * TEE, byte6 SNP, byte7 microcode. Turin: byte0 FMC, byte1 bootloader, byte2 TEE, byte3 SNP,
 * byte7 microcode.
 *
 * @param raw the u64 as it is in the report
 * @param fmc present for the Turin layout only
 */
public record TcbVersion(long raw, int bootloader, int tee, int snp, int microcode, OptionalInt fmc) {

  public static TcbVersion decode(long raw, ProcessorGeneration generation) {
    if (generation.turinTcbLayout()) {
      return new TcbVersion(raw, b(raw, 1), b(raw, 2), b(raw, 3), b(raw, 7), OptionalInt.of(b(raw, 0)));
    }
    return new TcbVersion(raw, b(raw, 0), b(raw, 1), b(raw, 6), b(raw, 7), OptionalInt.empty());
  }

  /** The u64 for the fields in one generation's layout (reserved bytes zero). */
  public static long encode(int fmc, int bootloader, int tee, int snp, int microcode,
      ProcessorGeneration generation) {
    if (generation.turinTcbLayout()) {
      return put(fmc, 0) | put(bootloader, 1) | put(tee, 2) | put(snp, 3) | put(microcode, 7);
    }
    return put(bootloader, 0) | put(tee, 1) | put(snp, 6) | put(microcode, 7);
  }

  private static int b(long raw, int i) {
    return (int) (raw >>> (8 * i)) & 0xFF;
  }

  private static long put(int v, int i) {
    return ((long) (v & 0xFF)) << (8 * i);
  }
}
