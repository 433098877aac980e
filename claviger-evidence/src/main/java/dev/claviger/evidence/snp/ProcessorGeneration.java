package dev.claviger.evidence.snp;

import java.util.Optional;

/**
 * AMD EPYC generations with SEV-SNP. The generation selects the ARK/ASK pair, the KDS product name,
 * the TCB_VERSION layout and the length of the hwID (8 bytes on Turin, 64 before).
 */
public enum ProcessorGeneration {
  MILAN("Milan"),
  GENOA("Genoa"),
  TURIN("Turin");

  private final String productName;

  ProcessorGeneration(String productName) {
    this.productName = productName;
  }

  /** The KDS product name ({@code Milan}, {@code Genoa}, {@code Turin}). */
  public String productName() {
    return productName;
  }

  /** Turin and later lay TCB_VERSION out as FMC, bootloader, TEE, SNP, ..., microcode. */
  public boolean turinTcbLayout() {
    return this == TURIN;
  }

  /** Significant bytes of CHIP_ID, and the length of the VCEK hwID extension. */
  public int hwIdLength() {
    return this == TURIN ? 8 : 64;
  }

  /**
   * The generation for CPUID family/model as the report (v3+) gives them, with the ranges of
   * upstream's {@code get_processor_generation}.
   */
  public static Optional<ProcessorGeneration> fromCpuid(int family, int model) {
    if (family == 0x19) {
      if (model <= 0x0F) {
        return Optional.of(MILAN);
      }
      if (model >= 0x10 && model <= 0x1F || model >= 0xA0 && model <= 0xAF) {
        return Optional.of(GENOA);
      }
    } else if (family == 0x1A && model <= 0x11) {
      return Optional.of(TURIN);
    }
    return Optional.empty();
  }

  /**
   * The generation named by an AMD signing-key CN: {@code ARK-Milan}, {@code SEV-Milan} (ASK),
   * {@code SEV-VLEK-Milan} (ASVK).
   */
  public static Optional<ProcessorGeneration> fromCommonName(String cn) {
    if (cn == null) {
      return Optional.empty();
    }
    for (ProcessorGeneration g : values()) {
      String p = g.productName;
      if (cn.equals("ARK-" + p) || cn.equals("SEV-" + p) || cn.equals("SEV-VLEK-" + p)) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }

  /** The generation of a VCEK productName extension ({@code Milan-B0}, {@code Genoa}, ...). */
  public static Optional<ProcessorGeneration> fromProductName(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (ProcessorGeneration g : values()) {
      if (name.equals(g.productName) || name.startsWith(g.productName + "-")) {
        return Optional.of(g);
      }
    }
    return Optional.empty();
  }
}
