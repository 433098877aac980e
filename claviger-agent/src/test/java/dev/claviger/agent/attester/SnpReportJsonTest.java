package dev.claviger.agent.attester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.attester.internal.SnpCertTable;
import dev.claviger.agent.attester.internal.SnpReportJson;
import dev.claviger.core.Json;
import dev.claviger.evidence.snp.SnpReport;
import dev.claviger.evidence.snp.internal.EvidenceJsonWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Byte-compatibility of the SNP evidence JSON with upstream: a golden text built here from sev
 * 6.3's {@code AttestationReport} field list (declaration order, serde defaults: byte arrays as
 * number arrays, {@code Option} as null, newtypes as their number), compared with our output.
 */
class SnpReportJsonTest {
  static final List<SnpSamples.Sample> SAMPLES = SnpSamples.ALL;

  @ParameterizedTest
  @FieldSource("SAMPLES")
  void render_corpusReport_equalsGoldenFromSevFieldList(SnpSamples.Sample s) throws Exception {
    byte[] r = s.reportBytes();

    assertThat(Json.write(SnpReportJson.render(r))).isEqualTo(golden(r));
  }

  @ParameterizedTest
  @FieldSource("SAMPLES")
  void render_corpusReport_equalsVerifierSideWriter(SnpSamples.Sample s) throws Exception {
    byte[] r = s.reportBytes();
    ObjectNode theirs = EvidenceJsonWriter.write(SnpReport.parse(r), Optional.empty());

    assertThat(Json.write(SnpReportJson.render(r))).isEqualTo(Json.write(theirs.get("attestation_report")));
  }

  @Test
  void render_turinCpuid_fmcFirstLayout() throws Exception {
    byte[] r = SAMPLES.get(3).reportBytes(); // v3 Milan
    r[0x188] = 0x1A;
    r[0x189] = 0x02;
    turinTcbs(r);
    r[0x180] = 7; // reported_tcb byte 0 = FMC on Turin
    r[0x181] = 3;

    ObjectNode o = SnpReportJson.render(r);

    assertThat(o.at("/reported_tcb/fmc").asInt()).isEqualTo(7);
    assertThat(o.at("/reported_tcb/bootloader").asInt()).isEqualTo(3);
    assertThat(Json.write(o)).isEqualTo(golden(r));
  }

  @Test
  void render_v2TurinLikeChipId_fmcLayout() throws Exception {
    byte[] r = SAMPLES.get(1).reportBytes(); // v2 Milan, full chip id
    java.util.Arrays.fill(r, 0x1A8, 0x1E0, (byte) 0);
    turinTcbs(r);

    assertThat(SnpReportJson.render(r).at("/current_tcb/fmc").isNumber()).isTrue();
  }

  @Test
  void render_v2MaskedChipId_legacyLayoutUnlikeUpstreamError() throws Exception {
    byte[] r = SAMPLES.get(1).reportBytes();
    java.util.Arrays.fill(r, 0x1A0, 0x1E0, (byte) 0);

    assertThat(SnpReportJson.render(r).at("/current_tcb/fmc").isNull()).isTrue();
  }

  @Test
  void render_malformed_refusedWithReason() {
    byte[] good = SAMPLES.get(3).reportBytes();
    byte[] reserved = good.clone();
    reserved[0x04C] = 1;
    byte[] tcbReserved = good.clone();
    tcbReserved[0x183] = 1;
    byte[] sigTail = good.clone();
    sigTail[0x400] = 1;
    byte[] cpu = good.clone();
    cpu[0x188] = 0x17;
    byte[] v1 = good.clone();
    v1[0] = 1;
    assertThatThrownBy(() -> SnpReportJson.render(java.util.Arrays.copyOf(good, 1183)))
        .hasMessageContaining("1183 bytes");
    assertThatThrownBy(() -> SnpReportJson.render(reserved)).hasMessageContaining("0x04c");
    assertThatThrownBy(() -> SnpReportJson.render(tcbReserved)).hasMessageContaining("TCB_VERSION at 0x180");
    assertThatThrownBy(() -> SnpReportJson.render(sigTail)).hasMessageContaining("0x330");
    assertThatThrownBy(() -> SnpReportJson.render(cpu)).hasMessageContaining("unknown processor");
    assertThatThrownBy(() -> SnpReportJson.render(v1)).hasMessageContaining("version 1");
  }

  @Test
  void certTable_mixedEntries_sortedAsSevAndRendered() throws Exception {
    UUID other = UUID.fromString("f0000000-0000-0000-0000-000000000001");
    UUID otherLow = UUID.fromString("10000000-0000-0000-0000-000000000001");
    byte[] table = SnpSamples.certTable(
        List.of(other, UUID.fromString("4ab7b379-bbac-4fe4-a02f-05aef327c782"), otherLow,
            UUID.fromString(SnpSamples.VCEK_GUID), UUID.fromString("c0b406a4-a803-4952-9743-3fb6014cd0ae")),
        List.of(new byte[] {5}, new byte[] {2}, new byte[] {6}, new byte[] {1, 1}, new byte[0]));

    String json = Json.write(SnpCertTable.render(SnpCertTable.parse(table)));

    assertThat(json).isEqualTo("[{\"cert_type\":\"ARK\",\"data\":[]},"
        + "{\"cert_type\":\"VCEK\",\"data\":[1,1]},"
        + "{\"cert_type\":\"ASK\",\"data\":[2]},"
        + "{\"cert_type\":{\"OTHER\":\"10000000-0000-0000-0000-000000000001\"},\"data\":[6]},"
        + "{\"cert_type\":{\"OTHER\":\"f0000000-0000-0000-0000-000000000001\"},\"data\":[5]}]");
  }

  @Test
  void certTable_malformed_refused() {
    byte[] one = SnpSamples.certTable(List.of(UUID.fromString(SnpSamples.VCEK_GUID)), List.of(new byte[4]));
    byte[] noTerminator = java.util.Arrays.copyOf(one, 24);
    noTerminator[16] = 24; // offset 24, length 4 -> 0: in bounds, but no zero entry follows
    noTerminator[20] = 0;
    byte[] outOfBounds = one.clone();
    outOfBounds[20] = 100; // length 100 past the end
    assertThatThrownBy(() -> SnpCertTable.parse(noTerminator)).hasMessageContaining("terminating");
    assertThatThrownBy(() -> SnpCertTable.parse(outOfBounds)).hasMessageContaining("beyond");
    assertThatThrownBy(() -> SnpCertTable.parse(new byte[0])).hasMessageContaining("terminating");
  }

  /** Clears the bytes that are reserved in the Turin TCB_VERSION layout (4..6) of all four TCBs. */
  private static void turinTcbs(byte[] r) {
    for (int off : new int[] {0x038, 0x180, 0x1E0, 0x1F0}) {
      java.util.Arrays.fill(r, off + 4, off + 7, (byte) 0);
    }
  }

  /** The golden text, written from sev 6.3's struct declarations, independently of the renderer. */
  static String golden(byte[] r) {
    ByteBuffer b = ByteBuffer.wrap(r).order(ByteOrder.LITTLE_ENDIAN);
    int version = b.getInt(0);
    boolean turin = version >= 3 ? (r[0x188] & 0xFF) == 0x1A
        : !allZero(r, 0x1A0, 0x1E0) && allZero(r, 0x1A8, 0x1E0);
    StringJoiner o = new StringJoiner(",", "{", "}");
    o.add(kv("version", Integer.toUnsignedString(version)));
    o.add(kv("guest_svn", Integer.toUnsignedString(b.getInt(4))));
    o.add(kv("policy", Long.toUnsignedString(b.getLong(8))));
    o.add(kv("family_id", arr(r, 0x10, 16)));
    o.add(kv("image_id", arr(r, 0x20, 16)));
    o.add(kv("vmpl", Integer.toUnsignedString(b.getInt(0x30))));
    o.add(kv("sig_algo", Integer.toUnsignedString(b.getInt(0x34))));
    o.add(kv("current_tcb", tcb(r, 0x38, turin)));
    o.add(kv("plat_info", Long.toUnsignedString(b.getLong(0x40))));
    o.add(kv("key_info", Integer.toUnsignedString(b.getInt(0x48))));
    o.add(kv("report_data", arr(r, 0x50, 64)));
    o.add(kv("measurement", arr(r, 0x90, 48)));
    o.add(kv("host_data", arr(r, 0xC0, 32)));
    o.add(kv("id_key_digest", arr(r, 0xE0, 48)));
    o.add(kv("author_key_digest", arr(r, 0x110, 48)));
    o.add(kv("report_id", arr(r, 0x140, 32)));
    o.add(kv("report_id_ma", arr(r, 0x160, 32)));
    o.add(kv("reported_tcb", tcb(r, 0x180, turin)));
    for (int i = 0; i < 3; i++) {
      String name = new String[] {"cpuid_fam_id", "cpuid_mod_id", "cpuid_step"}[i];
      o.add(kv(name, version == 2 ? "null" : Integer.toString(r[0x188 + i] & 0xFF)));
    }
    o.add(kv("chip_id", arr(r, 0x1A0, 64)));
    o.add(kv("committed_tcb", tcb(r, 0x1E0, turin)));
    o.add(kv("current", ver(r, 0x1E8)));
    o.add(kv("committed", ver(r, 0x1EC)));
    o.add(kv("launch_tcb", tcb(r, 0x1F0, turin)));
    o.add(kv("launch_mit_vector", version >= 5 ? Long.toUnsignedString(b.getLong(0x1F8)) : "null"));
    o.add(kv("current_mit_vector", version >= 5 ? Long.toUnsignedString(b.getLong(0x200)) : "null"));
    o.add(kv("signature", "{" + kv("r", arr(r, 0x2A0, 72)) + "," + kv("s", arr(r, 0x2E8, 72)) + "}"));
    return o.toString();
  }

  private static String tcb(byte[] r, int off, boolean turin) {
    int[] idx = turin ? new int[] {0, 1, 2, 3, 7} : new int[] {-1, 0, 1, 6, 7};
    String[] names = {"fmc", "bootloader", "tee", "snp", "microcode"};
    StringJoiner t = new StringJoiner(",", "{", "}");
    for (int i = 0; i < names.length; i++) {
      t.add(kv(names[i], idx[i] < 0 ? "null" : Integer.toString(r[off + idx[i]] & 0xFF)));
    }
    return t.toString();
  }

  private static String ver(byte[] r, int off) {
    return "{" + kv("major", Integer.toString(r[off + 2] & 0xFF)) + ","
        + kv("minor", Integer.toString(r[off + 1] & 0xFF)) + ","
        + kv("build", Integer.toString(r[off] & 0xFF)) + "}";
  }

  private static String arr(byte[] r, int off, int len) {
    StringJoiner a = new StringJoiner(",", "[", "]");
    for (int i = off; i < off + len; i++) {
      a.add(Integer.toString(r[i] & 0xFF));
    }
    return a.toString();
  }

  private static String kv(String k, String v) {
    return "\"" + k + "\":" + v;
  }

  private static boolean allZero(byte[] r, int from, int to) {
    for (int i = from; i < to; i++) {
      if (r[i] != 0) {
        return false;
      }
    }
    return true;
  }
}
