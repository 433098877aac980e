package dev.claviger.evidence.tdx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.evidence.tdx.internal.CcEventLog;
import dev.claviger.evidence.tdx.internal.CcelFormatException;
import dev.claviger.evidence.tdx.internal.UefiEventClaims;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** {@code uefi_event_logs[].details} for the event types upstream's eventlog parsers decode. */
class UefiEventDetailsTest {
  private static final byte[] GLOBAL_VARIABLE = HexFormat.of().parseHex("61dfe48bca93d211aa0d00e098032b8c");

  private static JsonNode details(int index, int type, byte[] data) throws CcelFormatException {
    CcelBuilder.Log log = new CcelBuilder().event(index, type, data).build();
    return UefiEventClaims.of(CcEventLog.parse(log.bytes())).get(0).get("details");
  }

  private static byte[] efiVariable(String name, byte[] value) {
    byte[] n = name.getBytes(StandardCharsets.UTF_16LE);
    return CcelBuilder.le(32 + n.length + value.length).put(GLOBAL_VARIABLE).putLong(name.length())
        .putLong(value.length).put(n).put(value).array();
  }

  @Test
  void details_efiVariable_nameDataAndGuidAsUpstream() throws Exception {
    JsonNode d = details(1, 0x80000001, efiVariable("SecureBoot", new byte[] {1}));
    assertThat(d.get("unicode_name").asText()).isEqualTo("SecureBoot");
    assertThat(d.get("unicode_name_length").asLong()).isEqualTo(10);
    assertThat(d.get("variable_data").asText()).isEqualTo("AQ==");
    assertThat(d.get("variable_data_length").asLong()).isEqualTo(1);
    assertThat(d.get("variable_name").asText()).isEqualTo("61dfe48b-ca93-d211-aa0d-00e098032b8c");
  }

  @Test
  void details_efiVariableOverrunningEvent_typedError() {
    byte[] v = efiVariable("PK", new byte[4]);
    ByteBuffer.wrap(v).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(24, 5);
    assertThatThrownBy(() -> details(1, 0x80000001, v)).isInstanceOf(CcelFormatException.class);
  }

  @Test
  void details_handoffTables2_lengthPrefixedText() throws Exception {
    byte[] text = "\u0009TdxTable".getBytes(StandardCharsets.US_ASCII);
    assertThat(details(1, 0x8000000B, CcelBuilder.le(text.length + 16).put(text).array()).get("string").asText())
        .isEqualTo("TdxTable");
  }

  @Test
  void details_efiActionNotUtf8_typedError() {
    assertThatThrownBy(() -> details(2, 0x80000007, new byte[] {(byte) 0xc3}))
        .isInstanceOf(CcelFormatException.class);
  }

  @Test
  void details_separator_empty() throws Exception {
    assertThat(details(1, 4, new byte[4]).size()).isZero();
  }

  @Test
  void details_bootApplication_namedDevicePathNodes() throws Exception {
    ByteBuffer path = CcelBuilder.le(12 + 42 + 20 + 26 + 4);
    path.put(new byte[] {2, 1, 12, 0}).putInt(0x0A0341D0).putInt(0);                 // ACPI(PNP0A03,0)
    path.put(new byte[] {4, 1, 42, 0}).putInt(15).putLong(0x2800).putLong(0x35000)
        .put(HexFormat.of().parseHex("5e27f1007553d5439eb5de2add4c9932")).put((byte) 2).put((byte) 2);   // HD GPT
    path.put(new byte[] {4, 3, 20, 0}).put(HexFormat.of().parseHex("72f728144ab61e44b8c39ebdd7f893c7")); // VenMedia
    byte[] file = "kernel\0".getBytes(StandardCharsets.UTF_16LE);
    path.put(new byte[] {4, 4, (byte) (4 + file.length), 0}).put(file);
    path.put(new byte[] {0x7f, (byte) 0xff, 4, 0});
    byte[] p = java.util.Arrays.copyOf(path.array(), path.position());
    byte[] event = CcelBuilder.le(32 + p.length).putLong(0).putLong(0).putLong(0).putLong(p.length).put(p).array();

    JsonNode d = details(2, 0x80000003, event);
    assertThat(d.get("device_paths")).extracting(JsonNode::asText).containsExactly(
        "ACPI(PNP0A03,0)", "HD(15,GPT,00F1275E-5375-43D5-9EB5-DE2ADD4C9932,0x2800,0x35000)",
        "VenMedia(1428F772-B64A-441E-B8C3-9EBDD7F893C7,)", "File(kernel)");
  }

  private static String node(int type, int sub, String hex) throws CcelFormatException {
    byte[] data = HexFormat.of().parseHex(hex);
    ByteBuffer p = CcelBuilder.le(4 + data.length + 4).put((byte) type).put((byte) sub)
        .putShort((short) (4 + data.length)).put(data).put(new byte[] {0x7f, (byte) 0xff, 4, 0});
    byte[] event = CcelBuilder.le(32 + p.capacity()).putLong(0).putLong(0).putLong(0).putLong(p.capacity())
        .put(p.array()).array();
    return details(2, 0x80000003, event).at("/device_paths/0").asText();
  }

  /** Upstream's own formatter vectors (deps/eventlog device_paths tests). */
  @Test
  void details_messagingAndBbsNodes_upstreamVectors() throws Exception {
    assertThat(node(3, 5, "0000")).isEqualTo("USB(0,0)");
    assertThat(node(3, 11, "001320f5fa77000000000000000000000000000000000000000000000000000001"))
        .isEqualTo("Mac(001320F5FA77,0x01)");
    assertThat(node(3, 12, "0100A8C06400A8C00000BC0C0600010000000000000000"))
        .isEqualTo("IPv4(192.168.0.100,TCP,Static,192.168.0.1)");
    assertThat(node(3, 21, "00010203040506070001020304050607"))
        .isEqualTo("FibreEx(0x0001020304050607,0x0001020304050607)");
    assertThat(node(3, 23, "0100000000000000")).isEqualTo("Path(3,23,0100000000000000)");
    assertThat(node(5, 1, "0500000000")).isEqualTo("BBS(USB,,0)");
    assertThat(node(5, 1, "F0FF000000")).isEqualTo("BBS(65520,,0)");
    assertThat(node(5, 1, "8000000041424300")).isEqualTo("BBS(DEV,ABC,0)");
  }
}
