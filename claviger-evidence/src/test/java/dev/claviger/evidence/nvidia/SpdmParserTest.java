package dev.claviger.evidence.nvidia;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.nvidia.internal.OpaqueData;
import dev.claviger.evidence.nvidia.internal.SpdmReport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Negative and edge cases of the SPDM and opaque-data parsers. */
class SpdmParserTest {

  private static void assertMalformed(byte[] b) {
    assertThatThrownBy(() -> SpdmReport.parse(b))
        .isInstanceOfSatisfying(NvidiaRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(NvidiaError.MALFORMED));
  }

  @Test
  void parse_everyTruncation_malformed() throws Exception {
    byte[] report = NvidiaCorpus.hopperReport();
    for (int n = 0; n < report.length; n++) {
      assertMalformed(java.util.Arrays.copyOf(report, n));
    }
  }

  @Test
  void parse_wrongVersionOrCode_malformed() throws Exception {
    byte[] report = NvidiaCorpus.hopperReport();
    for (int offset : new int[] {0, 1, 37, 38}) {
      byte[] t = report.clone();
      t[offset] = 0x12;
      assertMalformed(t);
    }
  }

  @Test
  void parse_signatureNotRequested_malformed() throws Exception {
    byte[] t = NvidiaCorpus.hopperReport();
    t[2] = 0;
    assertMalformed(t);
  }

  @Test
  void parse_nonDmtfBlock_malformed() throws Exception {
    byte[] t = NvidiaCorpus.hopperReport();
    t[37 + 8 + 1] = 2;
    assertMalformed(t);
  }

  @Test
  void parse_oversized_malformed() {
    assertMalformed(new byte[SpdmReport.MAX_SIZE + 1]);
  }

  @Test
  void parse_hopperSample_fields() throws Exception {
    SpdmReport r = SpdmReport.parse(NvidiaCorpus.hopperReport());
    assertThat(r.param1()).isEqualTo(1);
    assertThat(r.param2()).isEqualTo(0xFF);
    assertThat(r.requesterNonce()).isEqualTo(NvidiaCorpus.hex(NvidiaCorpus.HOPPER_NONCE));
    assertThat(r.blocks()).extracting(SpdmReport.MeasurementBlock::index)
        .startsWith(1, 2, 3).endsWith(64);
    assertThat(r.blocks()).allSatisfy(b -> assertThat(b.value()).hasSize(48));
  }

  private static byte[] tlv(int type, byte[] v) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(type & 0xFF);
    o.write(type >> 8);
    o.write(v.length & 0xFF);
    o.write(v.length >> 8);
    o.writeBytes(v);
    return o.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      o.writeBytes(p);
    }
    return o.toByteArray();
  }

  private static final byte[] VBIOS = tlv(6, new byte[] {0, (byte) 0x9f, 0, (byte) 0x96, 1, 0, 0, 0});
  private static final byte[] DRIVER = tlv(3, "550.90.07\0".getBytes(StandardCharsets.US_ASCII));

  @Test
  void decode_minimal_namesAsUpstream() throws Exception {
    ObjectNode c = OpaqueData.decode(concat(DRIVER, VBIOS, tlv(11, new byte[] {(byte) 0xAA}),
        tlv(21, new byte[] {0x55}), tlv(36, new byte[] {2, 0}), tlv(99, new byte[] {1, 2})));
    assertThat(c.get("driver_version").asText()).isEqualTo("550.90.07");
    assertThat(c.get("vbios_version").asText()).isEqualTo("96.00.9f.00.01");
    assertThat(c.get("nvdec0_status").asText()).isEqualTo("enabled");
    assertThat(c.get("protected_pcie_status").asText()).isEqualTo("55");
    assertThat(c.get("feature_flag").asText()).isEqualTo("PPCIE");
    assertThat(c.get("opaque_data_type_99").asText()).isEqualTo("0102");
  }

  @Test
  void decode_switchTextVbios_keptAsText() throws Exception {
    ObjectNode c = OpaqueData.decode(tlv(6, "96.10.73.00.01".getBytes(StandardCharsets.US_ASCII)));
    assertThat(c.get("vbios_version").asText()).isEqualTo("96.10.73.00.01");
  }

  @Test
  void decode_duplicateType_malformed() {
    assertThatThrownBy(() -> OpaqueData.decode(concat(DRIVER, VBIOS, DRIVER)))
        .isInstanceOf(NvidiaRejectedException.class).hasMessageContaining("duplicate");
  }

  @Test
  void decode_missingVbios_malformed() {
    assertThatThrownBy(() -> OpaqueData.decode(DRIVER))
        .isInstanceOf(NvidiaRejectedException.class).hasMessageContaining("vbios_version");
  }

  @Test
  void decode_truncatedHeaderOrValue_malformed() {
    for (byte[] bad : new byte[][] {concat(DRIVER, VBIOS, new byte[] {0}),
        concat(DRIVER, VBIOS, new byte[] {0, 0, 0}), concat(DRIVER, VBIOS, new byte[] {3, 0, 9, 0, 1})}) {
      assertThatThrownBy(() -> OpaqueData.decode(bad)).isInstanceOf(NvidiaRejectedException.class);
    }
  }

  @Test
  void decode_badNvdecOrCounts_malformed() {
    assertThatThrownBy(() -> OpaqueData.decode(concat(DRIVER, VBIOS, tlv(11, new byte[] {0}))))
        .isInstanceOf(NvidiaRejectedException.class);
    assertThatThrownBy(() -> OpaqueData.decode(concat(DRIVER, VBIOS, tlv(12, new byte[] {1, 2, 3}))))
        .isInstanceOf(NvidiaRejectedException.class);
    assertThatThrownBy(() -> OpaqueData.decode(concat(DRIVER, VBIOS, tlv(22, new byte[] {1}))))
        .isInstanceOf(NvidiaRejectedException.class);
    assertThatThrownBy(() -> OpaqueData.decode(concat(DRIVER, VBIOS, tlv(34, new byte[9]))))
        .isInstanceOf(NvidiaRejectedException.class);
  }
}
