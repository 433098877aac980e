package dev.claviger.evidence.snp;

import dev.claviger.evidence.testing.SharedCorpus;
import dev.claviger.evidence.EvidenceException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The SEV-SNP part of the shared evidence corpus, read in place; skipped when absent unless CI=true. */
final class SnpCorpus {
  /** A report, its VCEK and the instant and values its MANIFEST.md gives. */
  record Sample(String name, String report, String vcek, Instant at, int version,
      ProcessorGeneration generation, String measurement, String chipIdPrefix, int bl, int tee,
      int snp, int ucode, long policy, boolean debug) {}

  static final List<Sample> SAMPLES = List.of(
      new Sample("go-sev-guest milan v2", "sev-snp/go-sev-guest/attestation.bin",
          "sev-snp/go-sev-guest/vcek.testcer", Instant.parse("2022-09-24T01:00:00Z"), 2,
          ProcessorGeneration.MILAN,
          "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01",
          "3ac3fe21e13fb099", 2, 0, 5, 68, 0xB0000L, true),
      new Sample("virtee milan v2", "sev-snp/virtee-sev/report_milan.hex",
          "sev-snp/virtee-sev/vcek_milan.der", Instant.parse("2026-11-22T00:00:00Z"), 2,
          ProcessorGeneration.MILAN,
          "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f",
          "d49554ec717f4e5b", 3, 0, 8, 115, 0x30000L, false),
      new Sample("oak genoa v5", "sev-snp/oak/genoa_oc_evidence.report.bin",
          "sev-snp/oak/genoa_oc_endorsements.vcek.der", Instant.parse("2026-11-22T00:00:00Z"), 5,
          ProcessorGeneration.GENOA,
          "c57729018b0a6fb90dc17bb138b0aa35e4401004283ff4a2c24d3739ff3750f52384370e77b7032862a08c440a9bc4dc",
          "d2421d976f95ce0b", 10, 0, 25, 84, 0x30000L, false),
      new Sample("oak milan v3", "sev-snp/oak/milan_oc_release_evidence.report.bin",
          "sev-snp/oak/milan_oc_release_endorsements.vcek.der", Instant.parse("2026-11-22T00:00:00Z"), 3,
          ProcessorGeneration.MILAN,
          "195b01b74976a1faba13bd85eaf787958f0a46e6dddd45c5bdbf8673522777842b8057ae5d866b75416efb62012deaa3",
          "a3fdc2c64dc299ab", 4, 0, 24, 219, 0x30000L, false));

  private SnpCorpus() {}

  static Path root() {
    return SharedCorpus.root();
  }

  static Path path(String rel) {
    return SharedCorpus.path(rel);
  }

  static byte[] bytes(String rel) {
    return SharedCorpus.bytes(rel);
  }

  /** The report's 1184 bytes, whatever the file's encoding. */
  static byte[] report(Sample s) {
    try {
      return SnpEvidence.decode(bytes(s.report())).report().bytes();
    } catch (SnpRejectedException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The sample as evidence whose certificate table holds just its VCEK. */
  static SnpEvidence evidence(Sample s) throws SnpRejectedException {
    return evidence(report(s), bytes(s.vcek()));
  }

  static SnpEvidence evidence(byte[] report, byte[] vcek) throws SnpRejectedException {
    return new SnpEvidence(SnpReport.parse(report),
        Optional.of(List.of(SnpCertEntry.of(SnpCertEntry.Type.VCEK, vcek))));
  }

  static AmdTrustAnchors anchors() {
    try {
      return AmdTrustAnchors.fromDirectory(path("roots/amd"));
    } catch (EvidenceException e) {
      throw new IllegalStateException(e);
    }
  }
}
