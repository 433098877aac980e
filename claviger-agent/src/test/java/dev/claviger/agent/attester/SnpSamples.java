package dev.claviger.agent.attester;

import dev.claviger.evidence.snp.SnpEvidence;
import dev.claviger.evidence.testing.SharedCorpus;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The corpus SEV-SNP reports with their VCEKs and evaluation instants (from each MANIFEST.md). */
final class SnpSamples {
  record Sample(String name, String report, String vcek, Instant at, boolean debug) {
    byte[] reportBytes() {
      try {
        return SnpEvidence.decode(SharedCorpus.bytes(report)).report().bytes();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }

    byte[] vcekBytes() {
      return SharedCorpus.bytes(vcek);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static final String VCEK_GUID = "63da758d-e664-4564-adc5-f4b93be8accd";

  static final List<Sample> ALL = List.of(
      new Sample("go-sev-guest milan v2", "sev-snp/go-sev-guest/attestation.bin",
          "sev-snp/go-sev-guest/vcek.testcer", Instant.parse("2022-09-24T01:00:00Z"), true),
      new Sample("virtee milan v2", "sev-snp/virtee-sev/report_milan.hex",
          "sev-snp/virtee-sev/vcek_milan.der", Instant.parse("2026-11-22T00:00:00Z"), false),
      new Sample("oak genoa v5", "sev-snp/oak/genoa_oc_evidence.report.bin",
          "sev-snp/oak/genoa_oc_endorsements.vcek.der", Instant.parse("2026-11-22T00:00:00Z"), false),
      new Sample("oak milan v3", "sev-snp/oak/milan_oc_release_evidence.report.bin",
          "sev-snp/oak/milan_oc_release_endorsements.vcek.der", Instant.parse("2026-11-22T00:00:00Z"),
          false));

  private SnpSamples() {}

  /** A GHCB certificate table: entries {GUID, offset, length}, a zero entry, then the data. */
  static byte[] certTable(List<UUID> guids, List<byte[]> data) {
    int header = 24 * (guids.size() + 1);
    ByteBuffer table = ByteBuffer.allocate(header).order(ByteOrder.LITTLE_ENDIAN);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int offset = header;
    for (int i = 0; i < guids.size(); i++) {
      table.order(ByteOrder.BIG_ENDIAN).putLong(guids.get(i).getMostSignificantBits())
          .putLong(guids.get(i).getLeastSignificantBits());
      table.order(ByteOrder.LITTLE_ENDIAN).putInt(offset).putInt(data.get(i).length);
      body.writeBytes(data.get(i));
      offset += data.get(i).length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(table.array());
    out.writeBytes(body.toByteArray());
    return out.toByteArray();
  }
}
