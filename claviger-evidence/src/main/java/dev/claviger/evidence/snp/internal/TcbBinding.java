package dev.claviger.evidence.snp.internal;

import dev.claviger.evidence.snp.ProcessorGeneration;
import dev.claviger.evidence.snp.SnpError;
import dev.claviger.evidence.snp.SnpRejectedException;
import dev.claviger.evidence.snp.SnpReport;
import dev.claviger.evidence.snp.TcbVersion;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;

/**
 * Binds the VCEK/VLEK to the report: its SPL extensions equal REPORTED_TCB (with FMC on Turin),
 * its productName names the same generation, and a VCEK's hwID equals CHIP_ID (the first 8 bytes
 * on Turin). Upstream compares the hwID only when the subject CN is {@code VCEK}; real VCEKs are
 * named {@code SEV-VCEK}, so upstream never checks it. Here it is always checked for a VCEK.
 */
public final class TcbBinding {
  private TcbBinding() {}

  public static TcbVersion check(SnpReport report, ProcessorGeneration gen, VekChain.Kind kind,
      VekExtensions ext) throws SnpRejectedException {
    Optional<ProcessorGeneration> product = ext.productName().flatMap(ProcessorGeneration::fromProductName);
    if (ext.productName().isPresent() && product.orElse(null) != gen) {
      throw new SnpRejectedException(SnpError.CHAIN_INVALID, "productName '"
          + ext.productName().get() + "' does not belong to " + gen.productName());
    }
    TcbVersion tcb = TcbVersion.decode(report.reportedTcbRaw(), gen);
    compare("blSPL", ext.blSpl(), tcb.bootloader());
    compare("teeSPL", ext.teeSpl(), tcb.tee());
    compare("snpSPL", ext.snpSpl(), tcb.snp());
    compare("ucodeSPL", ext.ucodeSpl(), tcb.microcode());
    if (gen.turinTcbLayout()) {
      if (ext.fmcSpl().isEmpty()) {
        throw new SnpRejectedException(SnpError.TCB_MISMATCH, "Turin VCEK/VLEK without fmcSPL");
      }
      compare("fmcSPL", ext.fmcSpl().getAsInt(), tcb.fmc().orElseThrow());
    }
    checkReservedSpls(report.reportedTcbRaw(), gen, ext.spl4to7());
    if (kind == VekChain.Kind.VCEK) {
      checkHwId(report, gen, ext);
    }
    return tcb;
  }

  /**
   * spl4..spl7 certify the TCB bytes that are reserved today (Milan/Genoa: bytes 2-5 for spl4-7;
   * Turin: bytes 4-6 for spl5-7), so the whole REPORTED_TCB is bound, not only the named fields.
   */
  private static void checkReservedSpls(long raw, ProcessorGeneration gen, int[] spl4to7)
      throws SnpRejectedException {
    for (int i = 0; i < 4; i++) {
      int byteIndex = gen.turinTcbLayout() ? 3 + i : 2 + i;
      if (spl4to7[i] < 0 || gen.turinTcbLayout() && i == 0) {
        continue;
      }
      compare("spl" + (4 + i), spl4to7[i], (int) (raw >>> (8 * byteIndex)) & 0xFF);
    }
  }

  private static void compare(String name, int cert, int reported) throws SnpRejectedException {
    if (cert != reported) {
      throw new SnpRejectedException(SnpError.TCB_MISMATCH,
          name + " of the certificate is " + cert + ", REPORTED_TCB has " + reported);
    }
  }

  private static void checkHwId(SnpReport report, ProcessorGeneration gen, VekExtensions ext)
      throws SnpRejectedException {
    Optional<byte[]> hwId;
    try {
      hwId = ext.hwId(gen.hwIdLength());
    } catch (IOException e) {
      throw new SnpRejectedException(SnpError.CHAIN_INVALID, e.getMessage());
    }
    if (hwId.isEmpty()) {
      throw new SnpRejectedException(SnpError.CHIP_ID_MISMATCH, "the VCEK has no hwID extension");
    }
    byte[] chip = Arrays.copyOf(report.chipId(), gen.hwIdLength());
    if (!MessageDigest.isEqual(hwId.get(), chip)) {
      throw new SnpRejectedException(SnpError.CHIP_ID_MISMATCH,
          "the VCEK hwID differs from the report's CHIP_ID");
    }
  }
}
