package dev.claviger.evidence.snp;

import dev.claviger.core.Hex;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.snp.internal.Certs;
import dev.claviger.evidence.snp.internal.VekExtensions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** The built-in {@link VekSource}s. */
public final class VekSources {
  private static final int MAX_FILES = 256;

  private VekSources() {}

  /**
   * Upstream's OfflineStore layout: {@code {root}/vcek/{hwid}/{tcb}_vcek.der}, falling back to
   * {@code {root}/vcek/{hwid}/vcek.der}, where {@code hwid} is the lowercase hex chip id (its first
   * 8 bytes on Turin) and {@code tcb} is {@code blNN_teeNN_snpNN_ucodeNN[_fmcNN]} from
   * REPORTED_TCB. Only VCEKs: VLEK reports carry no chip id.
   */
  public static VekSource offlineStore(Path root) {
    return (report, generation) -> {
      if (report.signingKey() != SnpReport.SigningKey.VCEK) {
        return Optional.empty();
      }
      ProcessorGeneration layout = generation.orElse(ProcessorGeneration.MILAN);
      byte[] chip = Arrays.copyOf(report.chipId(), layout.hwIdLength());
      Path dir = root.resolve("vcek").resolve(Hex.encode(chip));
      Optional<byte[]> tcbFile = read(dir.resolve(tcbPrefix(report.reportedTcbRaw(), layout) + "_vcek.der"));
      return tcbFile.isPresent() ? tcbFile : read(dir.resolve("vcek.der"));
    };
  }

  /**
   * AMD KDS: {@code /vcek/v1/{product}/{hwid}?[fmcSPL=NN&]blSPL=NN&teeSPL=NN&snpSPL=NN&ucodeSPL=NN}
   * as upstream builds it. Needs the generation from the report's CPUID (so not for version-2
   * reports), a VCEK-signed report and an unmasked chip id; otherwise finds nothing.
   */
  public static VekSource kds(KdsClient client) {
    return (report, generation) -> {
      byte[] chip = report.chipId();
      if (generation.isEmpty() || report.signingKey() != SnpReport.SigningKey.VCEK
          || Arrays.equals(chip, new byte[chip.length])) {
        return Optional.empty();
      }
      ProcessorGeneration g = generation.get();
      return client.get(kdsPath(g, Arrays.copyOf(chip, g.hwIdLength()),
          TcbVersion.decode(report.reportedTcbRaw(), g)));
    };
  }

  static String kdsPath(ProcessorGeneration g, byte[] hwId, TcbVersion t) {
    String fmc = t.fmc().isPresent()
        ? String.format(Locale.ROOT, "fmcSPL=%02d&", t.fmc().getAsInt()) : "";
    return String.format(Locale.ROOT, "/vcek/v1/%s/%s?%sblSPL=%02d&teeSPL=%02d&snpSPL=%02d&ucodeSPL=%02d",
        g.productName(), Hex.encode(hwId), fmc, t.bootloader(), t.tee(), t.snp(), t.microcode());
  }

  /** {@code blNN_teeNN_snpNN_ucodeNN[_fmcNN]}, as upstream's {@code format_tcb_prefix}. */
  public static String tcbPrefix(long reportedTcb, ProcessorGeneration layout) {
    TcbVersion t = TcbVersion.decode(reportedTcb, layout);
    String s = String.format(Locale.ROOT, "bl%02d_tee%02d_snp%02d_ucode%02d",
        t.bootloader(), t.tee(), t.snp(), t.microcode());
    return t.fmc().isPresent() ? s + String.format(Locale.ROOT, "_fmc%02d", t.fmc().getAsInt()) : s;
  }

  /**
   * A directory of VCEK/VLEK files (DER or PEM, any name): the first VCEK whose hwID equals the
   * report's chip id, or for a VLEK report the first VLEK. Used by {@code claviger verify
   * --collateral}.
   */
  public static VekSource directory(Path dir) throws EvidenceException {
    List<X509Certificate> certs = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().limit(MAX_FILES).toList()) {
        if (Files.size(f) <= Certs.MAX_BYTES) {
          try {
            certs.addAll(Certs.certificates(Files.readAllBytes(f)));
          } catch (GeneralSecurityException notACertificate) {
            // collateral directories hold other files too
          }
        }
      }
    } catch (IOException e) {
      throw new EvidenceException("cannot read " + dir + ": " + e.getMessage(), e);
    }
    List<X509Certificate> all = List.copyOf(certs);
    return (report, generation) -> pick(all, report);
  }

  private static Optional<byte[]> pick(List<X509Certificate> certs, SnpReport report)
      throws EvidenceException {
    String want = report.signingKey() == SnpReport.SigningKey.VLEK ? "SEV-VLEK" : "SEV-VCEK";
    for (X509Certificate c : certs) {
      if (!want.equals(Certs.commonName(c.getSubjectX500Principal()))) {
        continue;
      }
      if (want.equals("SEV-VLEK") || hwIdMatches(c, report.chipId())) {
        try {
          return Optional.of(c.getEncoded());
        } catch (GeneralSecurityException e) {
          throw new EvidenceException("cannot encode certificate", e);
        }
      }
    }
    return Optional.empty();
  }

  /** Whether the hwID (64 bytes, or 8 on Turin) equals the chip id's leading bytes. */
  private static boolean hwIdMatches(X509Certificate c, byte[] chipId) {
    VekExtensions ext;
    try {
      ext = VekExtensions.of(c);
    } catch (IOException e) {
      return false;
    }
    for (ProcessorGeneration g : List.of(ProcessorGeneration.MILAN, ProcessorGeneration.TURIN)) {
      try {
        Optional<byte[]> id = ext.hwId(g.hwIdLength());
        if (id.isPresent() && Arrays.equals(id.get(), Arrays.copyOf(chipId, g.hwIdLength()))) {
          return true;
        }
      } catch (IOException wrongLength) {
        // try the other length
      }
    }
    return false;
  }

  private static Optional<byte[]> read(Path f) throws EvidenceException {
    try {
      if (Files.size(f) > Certs.MAX_BYTES) {
        throw new EvidenceException(f + " is larger than " + Certs.MAX_BYTES + " bytes");
      }
      return Optional.of(Files.readAllBytes(f));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      // A stat failure (e.g. permission denied) is a real error, not an absent certificate.
      throw new EvidenceException("cannot read VCEK " + f + ": " + e.getMessage(), e);
    }
  }
}
