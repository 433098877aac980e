package dev.claviger.agent.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.tpm.internal.TpmWriter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The command client against a scripted TPM: marshalling, response checks, error decoding. */
class TpmClientTest {
  private static final HexFormat HEX = HexFormat.of();

  private static Tpm tpm(ScriptedTransport t) {
    return new Tpm(t);
  }

  @Test
  void startup_freshTpm_sendsStartupClearAndReturnsTrue() throws Exception {
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.ok(new byte[0]));

    assertThat(tpm(t).startup()).isTrue();

    // The bytes tpm2-tools sends (seen in swtpm's trace): TPM2_Startup(TPM_SU_CLEAR).
    assertThat(HEX.formatHex(t.commands.get(0))).isEqualTo("80010000000c000001440000");
  }

  @Test
  void startup_alreadyStarted_toleratesInitialize() throws Exception {
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.error(0x100));

    assertThat(tpm(t).startup()).isFalse();
  }

  @Test
  void startup_failureMode_throwsNamedCode() {
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.error(0x101));

    assertThatThrownBy(() -> tpm(t).startup())
        .isInstanceOfSatisfying(TpmException.class, e -> {
          assertThat(e.kind()).isEqualTo(TpmException.Kind.RESPONSE_CODE);
          assertThat(e.responseCode()).hasValue(0x101);
          assertThat(e.codeName()).isEqualTo("TPM_RC_FAILURE");
          assertThat(e).hasMessageContaining("TPM2_Startup failed: TPM_RC_FAILURE (0x101)");
        });
  }

  @Test
  void readPublic_absentHandle_format1HandleCodeWithLocation() {
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.error(0x18B));

    assertThatThrownBy(() -> tpm(t).readPublic(0x81010002))
        .isInstanceOfSatisfying(TpmException.class, e -> {
          assertThat(e.is(0x08B)).isTrue();
          assertThat(e.codeName()).isEqualTo("TPM_RC_HANDLE");
          assertThat(e).hasMessageContaining("TPM_RC_HANDLE (0x18b), handle 1");
        });
    assertThat(HEX.formatHex(t.commands.get(0))).isEqualTo("80010000000e0000017381010002");
  }

  @Test
  void quote_badSchemeParameter_namesParameter() {
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.error(0x2D2));

    assertThatThrownBy(() -> tpm(t).quote(0x81010002, new byte[32]))
        .isInstanceOfSatisfying(TpmException.class, e ->
            assertThat(e).hasMessageContaining("TPM_RC_SCHEME (0x2d2), parameter 2"));
  }

  @Test
  void getRandom_retryWarningThenSuccess_retries() throws Exception {
    byte[] random = new byte[16];
    Arrays.fill(random, (byte) 7);
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.error(0x922))
        .then(ScriptedTransport.ok(new TpmWriter().tpm2b(random).toByteArray()));

    assertThat(tpm(t).getRandom(16)).isEqualTo(random);
    assertThat(t.commands).hasSize(2);
  }

  @Test
  void getRandom_objectMemoryWarning_notRetried() {
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.error(0x902));

    assertThatThrownBy(() -> tpm(t).getRandom(8))
        .isInstanceOfSatisfying(TpmException.class,
            e -> assertThat(e.codeName()).isEqualTo("TPM_RC_OBJECT_MEMORY"));
  }

  @Test
  void getRandom_moreBytesThanAsked_malformed() {
    ScriptedTransport t = new ScriptedTransport()
        .then(ScriptedTransport.ok(new TpmWriter().tpm2b(new byte[9]).toByteArray()));

    assertMalformed(() -> tpm(t).getRandom(8), "randomBytes is 9 bytes");
  }

  @Test
  void response_truncatedBelowHeader_malformed() {
    ScriptedTransport t = new ScriptedTransport().then(HEX.parseHex("8001000000"));

    assertMalformed(() -> tpm(t).startup(), "shorter than the header");
  }

  @Test
  void response_sizeFieldDisagrees_malformed() {
    byte[] r = ScriptedTransport.ok(new byte[4]);
    r[5] = 12;
    ScriptedTransport t = new ScriptedTransport().then(r);

    assertMalformed(() -> tpm(t).getRandom(1), "header says 12 bytes, received 14");
  }

  @Test
  void response_wrongTag_malformed() {
    // 0x00C4 is a TPM 1.2 response tag.
    ScriptedTransport t = new ScriptedTransport()
        .then(ScriptedTransport.response(0x00C4, 0, new byte[0]));

    assertMalformed(() -> tpm(t).startup(), "tag 0xc4");
  }

  @Test
  void response_oversize_malformed() {
    ScriptedTransport t = new ScriptedTransport()
        .then(ScriptedTransport.ok(new byte[8192]));

    assertMalformed(() -> tpm(t).startup(), "exceeds 8192");
  }

  @Test
  void response_trailingBytes_malformed() {
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.ok(new byte[2]));

    assertMalformed(() -> tpm(t).startup(), "trailing");
  }

  @Test
  void response_sessionCommandAnsweredWithoutSessions_malformed() {
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.ok(new byte[0]));

    assertMalformed(() -> tpm(t).pcrExtend(23, new byte[32]), "expected 0x8002");
  }

  @Test
  void response_parameterSizeBeyondResponse_malformed() {
    byte[] body = new TpmWriter().u32(1000).u16(0).u8(1).u16(0).toByteArray();
    ScriptedTransport t = new ScriptedTransport()
        .then(ScriptedTransport.response(0x8002, 0, body));

    assertMalformed(() -> tpm(t).pcrExtend(23, new byte[32]), "parameters needs 1000 bytes");
  }

  @Test
  void pcrExtend_marshalsPasswordSessionAndSha256Digest() throws Exception {
    ScriptedTransport t = new ScriptedTransport()
        .then(ScriptedTransport.okSession(new int[0], new byte[0]));
    byte[] digest = new byte[32];
    digest[31] = 1;

    tpm(t).pcrExtend(23, digest);

    assertThat(HEX.formatHex(t.commands.get(0))).isEqualTo("800200000041" + "00000182" + "00000017"
        + "00000009" + "40000009" + "0000" + "01" + "0000" + "00000001" + "000b"
        + HEX.formatHex(digest));
  }

  @Test
  void pcrExtend_badArguments_rejectedBeforeSending() {
    ScriptedTransport t = new ScriptedTransport();

    assertThatThrownBy(() -> tpm(t).pcrExtend(24, new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> tpm(t).pcrExtend(8, new byte[48]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(t.commands).isEmpty();
  }

  @Test
  void pcrRead_eightPerCall_asksForTheRestAndAssemblesInOrder() throws Exception {
    ScriptedTransport t = new ScriptedTransport()
        .then(pcrReadResponse(5, 0, 8)).then(pcrReadResponse(5, 8, 16))
        .then(pcrReadResponse(5, 16, 24));

    List<byte[]> pcrs = tpm(t).pcrRead();

    assertThat(pcrs).hasSize(24);
    for (int i = 0; i < 24; i++) {
      assertThat(pcrs.get(i)).isEqualTo(pcrValue(i));
    }
    // The second request selects PCRs 8-23 only: bitmap 00 ff ff.
    assertThat(HEX.formatHex(t.commands.get(1))).endsWith("000b0300ffff");
  }

  @Test
  void pcrRead_counterMovesMidRead_startsOver() throws Exception {
    ScriptedTransport t = new ScriptedTransport()
        .then(pcrReadResponse(5, 0, 8)).then(pcrReadResponse(6, 8, 16))
        .then(pcrReadResponse(6, 0, 8)).then(pcrReadResponse(6, 8, 16))
        .then(pcrReadResponse(6, 16, 24));

    assertThat(tpm(t).pcrRead()).hasSize(24);
    assertThat(t.commands).hasSize(5);
  }

  @Test
  void pcrRead_unaskedPcrsReturned_malformed() {
    ScriptedTransport t = new ScriptedTransport()
        .then(pcrReadResponse(5, 0, 8)).then(pcrReadResponse(5, 0, 8));

    assertMalformed(() -> tpm(t).pcrRead(), "not asked for");
  }

  @Test
  void pcrRead_digestCountDisagreesWithSelection_malformed() {
    byte[] body = new TpmWriter().u32(5).bytes(selection(0, 2)).u32(1).tpm2b(pcrValue(0))
        .toByteArray();
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.ok(body));

    assertMalformed(() -> tpm(t).pcrRead(), "1 digests");
  }

  @Test
  void pcrRead_bankNotAllocated_unsuitable() {
    byte[] body = new TpmWriter().u32(5).u32(0).u32(0).toByteArray();
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.ok(body));

    assertThatThrownBy(() -> tpm(t).pcrRead())
        .isInstanceOfSatisfying(TpmException.class,
            e -> assertThat(e.kind()).isEqualTo(TpmException.Kind.UNSUITABLE));
  }

  @Test
  void pcrRead_otherBankReturned_malformed() {
    byte[] body = new TpmWriter().u32(5).u32(1).u16(0x0004).u8(3).bytes(new byte[] {1, 0, 0})
        .u32(1).tpm2b(new byte[20]).toByteArray();
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.ok(body));

    assertMalformed(() -> tpm(t).pcrRead(), "bank 0x4");
  }

  @Test
  void pcrRead_shortDigest_malformed() {
    byte[] body = new TpmWriter().u32(5).bytes(selection(0, 1)).u32(1).tpm2b(new byte[20])
        .toByteArray();
    ScriptedTransport t = new ScriptedTransport().then(ScriptedTransport.ok(body));

    assertMalformed(() -> tpm(t).pcrRead(), "has 20 bytes");
  }

  @Test
  void quote_nonRsassaSignature_malformed() {
    byte[] params = new TpmWriter().tpm2b(new byte[10]).u16(0x0018).u16(0x000b)
        .tpm2b(new byte[32]).tpm2b(new byte[32]).toByteArray();
    ScriptedTransport t = new ScriptedTransport()
        .then(ScriptedTransport.okSession(new int[0], params));

    assertMalformed(() -> tpm(t).quote(0x81010002, new byte[32]), "0x18");
  }

  @Test
  void createPrimary_nonTransientHandle_malformed() {
    ScriptedTransport t = new ScriptedTransport()
        .then(ScriptedTransport.okSession(new int[] {0x81000001}, new byte[0]));

    assertThatThrownBy(() -> tpm(t).createPrimary(Tpm.Hierarchy.OWNER))
        .isInstanceOf(TpmException.class);
  }

  @Test
  void close_closesTransport() {
    ScriptedTransport t = new ScriptedTransport();

    tpm(t).close();

    assertThat(t.closed).isTrue();
  }

  static byte[] pcrValue(int i) {
    byte[] v = new byte[32];
    Arrays.fill(v, (byte) i);
    return v;
  }

  static byte[] selection(int from, int to) {
    byte[] map = new byte[3];
    for (int i = from; i < to; i++) {
      map[i / 8] |= (byte) (1 << (i % 8));
    }
    return new TpmWriter().u32(1).u16(0x000b).u8(3).bytes(map).toByteArray();
  }

  static byte[] pcrReadResponse(int counter, int from, int to) {
    TpmWriter w = new TpmWriter().u32(counter).bytes(selection(from, to)).u32(to - from);
    for (int i = from; i < to; i++) {
      w.tpm2b(pcrValue(i));
    }
    return ScriptedTransport.ok(w.toByteArray());
  }

  private static void assertMalformed(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String detail) {
    assertThatThrownBy(call).isInstanceOfSatisfying(TpmException.class, e -> {
      assertThat(e.kind()).isEqualTo(TpmException.Kind.MALFORMED_RESPONSE);
      assertThat(e).hasMessageContaining(detail);
    });
  }
}
