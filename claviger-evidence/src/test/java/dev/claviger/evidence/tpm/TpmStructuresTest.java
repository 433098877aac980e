package dev.claviger.evidence.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.evidence.tpm.internal.PcrSelection;
import dev.claviger.evidence.tpm.internal.TpmsAttest;
import dev.claviger.evidence.tpm.internal.TpmtPublic;
import dev.claviger.evidence.tpm.internal.TpmtSignature;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bounded parsing of TPMS_ATTEST, TPML_PCR_SELECTION, TPMT_SIGNATURE and TPMT_PUBLIC. */
class TpmStructuresTest {
  static final String ATTEST =
      "tpm/go-tpm-tools/attestations/gce-cos-85-nonce9009/quote1_SHA256.tpms_attest";
  static final String SIG =
      "tpm/go-tpm-tools/attestations/gce-cos-85-nonce9009/quote1_SHA256.tpmt_signature";
  static final String PUB = "tpm/go-tpm-tools/attestations/gce-cos-85-nonce9009/ak_pub.tpmt_public";

  /** A quote TPMS_ATTEST with the given selection bytes (count + banks). */
  static byte[] attest(byte[] selection, byte[] digest) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.writeBytes(HexFormat.of().parseHex("ff5443478018" + "0004000b0000" + "0002abcd"
        + "0000000000000001" + "00000002" + "00000000" + "01" + "0000000000000001"));
    o.writeBytes(selection);
    o.write(digest.length >> 8);
    o.write(digest.length);
    o.writeBytes(digest);
    return o.toByteArray();
  }

  @Test
  void parse_gceAttest_fieldsDecoded() throws Exception {
    TpmsAttest a = TpmsAttest.parse(TpmCorpus.bytes(ATTEST));
    assertThat(a.extraData()).containsExactly(0x90, 0x09);
    assertThat(a.resetCount()).isEqualTo(10);
    assertThat(a.safe()).isTrue();
    assertThat(a.pcrSelection().banks()).hasSize(1);
    assertThat(a.pcrSelection().banks().get(0).alg()).isEqualTo(TpmHashAlg.SHA256);
    assertThat(a.pcrSelection().banks().get(0).pcrs()).hasSize(24);
    assertThat(a.pcrDigest()).hasSize(32);
  }

  @Test
  void parse_everyTruncation_rejected() {
    byte[] raw = TpmCorpus.bytes(ATTEST);
    for (int len = 0; len < raw.length; len++) {
      byte[] t = Arrays.copyOf(raw, len);
      assertThatThrownBy(() -> TpmsAttest.parse(t)).as("length %d", len)
          .isInstanceOf(TpmFormatException.class);
    }
  }

  @Test
  void parse_trailingByte_rejected() {
    byte[] raw = Arrays.copyOf(TpmCorpus.bytes(ATTEST), TpmCorpus.bytes(ATTEST).length + 1);
    assertThatThrownBy(() -> TpmsAttest.parse(raw)).hasMessageContaining("trailing");
  }

  @Test
  void parse_wrongMagicOrType_rejected() {
    byte[] raw = TpmCorpus.bytes(ATTEST);
    byte[] magic = raw.clone();
    magic[0] = 0;
    assertThatThrownBy(() -> TpmsAttest.parse(magic)).hasMessageContaining("TPM_GENERATED");
    byte[] type = raw.clone();
    type[5] = 0x17;
    assertThatThrownBy(() -> TpmsAttest.parse(type)).hasMessageContaining("ATTEST_QUOTE");
  }

  @Test
  void parse_oversizedInputs_rejected() {
    assertThatThrownBy(() -> TpmsAttest.parse(new byte[TpmsAttest.MAX_SIZE + 1]))
        .hasMessageContaining("exceed");
    byte[] bigExtra = TpmCorpus.bytes(ATTEST);
    int off = 4 + 2 + 2 + 34;
    bigExtra[off] = 0x01;
    assertThatThrownBy(() -> TpmsAttest.parse(bigExtra)).hasMessageContaining("extraData");
  }

  @Test
  void pcrSelection_bitmapOrderAndBounds() throws Exception {
    byte[] sel = HexFormat.of().parseHex("00000001000b03010181");
    List<Integer> pcrs = TpmsAttest.parse(attest(sel, new byte[32])).pcrSelection().banks()
        .get(0).pcrs();
    assertThat(pcrs).containsExactly(0, 8, 16, 23);
    assertThat(TpmsAttest.parse(attest(HexFormat.of().parseHex("00000001000b03010081"),
        new byte[32])).pcrSelection().banks().get(0).pcrs()).containsExactly(0, 16, 23);
    assertThatThrownBy(() -> TpmsAttest.parse(attest(
        HexFormat.of().parseHex("00000001000b050000000000"), new byte[32])))
        .hasMessageContaining("sizeofSelect");
    assertThatThrownBy(() -> TpmsAttest.parse(attest(
        HexFormat.of().parseHex("00000011"), new byte[32]))).hasMessageContaining("banks");
    assertThatThrownBy(() -> TpmsAttest.parse(attest(
        HexFormat.of().parseHex("00000001001203ffffff"), new byte[32])))
        .hasMessageContaining("unsupported bank");
    assertThat(PcrSelection.MAX_SELECT_BYTES).isEqualTo(4);
  }

  @Test
  void pcrSelection_multipleBanks_countedInOrder() throws Exception {
    byte[] sel = HexFormat.of().parseHex("000000020004030100000" + "00b03000080");
    TpmsAttest a = TpmsAttest.parse(attest(sel, new byte[32]));
    assertThat(a.pcrSelection().banks()).extracting(PcrSelection.Bank::alg)
        .containsExactly(TpmHashAlg.SHA1, TpmHashAlg.SHA256);
    assertThat(a.pcrSelection().count()).isEqualTo(2);
  }

  @Test
  void signature_schemes_parsed() throws Exception {
    TpmtSignature rsa = TpmtSignature.parse(TpmCorpus.bytes(SIG));
    assertThat(rsa.scheme()).isEqualTo(TpmtSignature.Scheme.RSASSA);
    assertThat(rsa.rsa()).hasSize(256);
    TpmtSignature pss = TpmtSignature.parse(HexFormat.of().parseHex("0016000c0002abcd"));
    assertThat(pss.scheme()).isEqualTo(TpmtSignature.Scheme.RSAPSS);
    assertThat(pss.hash()).isEqualTo(TpmHashAlg.SHA384);
    TpmtSignature ec = TpmtSignature.parse(HexFormat.of().parseHex("0018000b0001aa0002bbcc"));
    assertThat(ec.r()).containsExactly(0xaa);
    assertThat(ec.s()).containsExactly(0xbb, 0xcc);
  }

  @Test
  void signature_malformed_rejected() {
    for (String hex : List.of("", "0014", "0014000b", "0014000b0100", "0014000b0000",
        "0018000b0000", "0018000b0001aa", "0018000b0001aa0000", "0017000b0001aa",
        "00140012000100", "0014000b0001aa00", "0018000b0043" + "00".repeat(67) + "0001aa")) {
      assertThatThrownBy(() -> TpmtSignature.parse(HexFormat.of().parseHex(hex)))
          .as(hex).isInstanceOf(TpmFormatException.class);
    }
  }

  @Test
  void public_gceAk_isRsa2048AttestationKey() throws Exception {
    TpmtPublic p = TpmtPublic.parse(TpmCorpus.bytes(PUB));
    assertThat(p.key().getAlgorithm()).isEqualTo("RSA");
    assertThat(p.isAttestationKey()).isTrue();
    assertThat(p.nameAlg()).isEqualTo(TpmHashAlg.SHA256);
    assertThat(p.name()).hasSize(34);
    byte[] raw = TpmCorpus.bytes(PUB);
    byte[] tpm2b = new byte[raw.length + 2];
    tpm2b[0] = (byte) (raw.length >> 8);
    tpm2b[1] = (byte) raw.length;
    System.arraycopy(raw, 0, tpm2b, 2, raw.length);
    assertThat(TpmtPublic.parseTpm2b(tpm2b).key()).isEqualTo(p.key());
  }

  @Test
  void public_truncatedOrWrongType_rejected() {
    byte[] raw = TpmCorpus.bytes(PUB);
    for (int len = 0; len < raw.length; len += 7) {
      byte[] t = Arrays.copyOf(raw, len);
      assertThatThrownBy(() -> TpmtPublic.parse(t)).isInstanceOf(TpmFormatException.class);
    }
    byte[] type = raw.clone();
    type[1] = 0x25;
    assertThatThrownBy(() -> TpmtPublic.parse(type)).hasMessageContaining("key type");
    byte[] bits = raw.clone();
    int keyBitsOffset = raw.length - 2 - 256 - 4 - 2;
    bits[keyBitsOffset] = 0x04;
    assertThatThrownBy(() -> TpmtPublic.parse(bits)).hasMessageContaining("keyBits");
  }
}
