package dev.claviger.agent.tpm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.tpm.TpmException;
import dev.claviger.agent.tpm.TpmPublic;
import java.math.BigInteger;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Templates, TPMT_PUBLIC and TPMS_ATTEST parsing, PCR selections: bytes and negative cases. */
class TpmStructuresTest {
  private static final HexFormat HEX = HexFormat.of();

  /** The AK template as a TPM returns it, with a 256-byte modulus filled in. */
  private static byte[] akArea() {
    byte[] t = PublicAreas.attestationKeyTemplate();
    byte[] modulus = new byte[256];
    modulus[0] = (byte) 0xC3;
    modulus[255] = 0x01;
    return new TpmWriter().bytes(Arrays.copyOf(t, t.length - 2)).tpm2b(modulus).toByteArray();
  }

  @Test
  void attestationKeyTemplate_isTpm2CreateakDefault() {
    assertThat(HEX.formatHex(PublicAreas.attestationKeyTemplate()))
        .isEqualTo("0001" + "000b" + "00050072" + "0000" + "0010" + "0014000b" + "0800"
            + "00000000" + "0000");
  }

  @Test
  void storageKeyTemplate_isSrkTemplate() {
    assertThat(HEX.formatHex(PublicAreas.storageKeyTemplate()))
        .isEqualTo("0001" + "000b" + "00030472" + "0000" + "000600800043" + "0010" + "0800"
            + "00000000" + "0000");
  }

  @Test
  void parse_akArea_rsaKeyWithDefaultExponentAndName() throws Exception {
    TpmPublic pub = PublicAreas.parse(akArea());

    assertThat(pub.isAttestationKey()).isTrue();
    assertThat(pub.keyBits()).isEqualTo(2048);
    RSAPublicKey key = (RSAPublicKey) pub.key().orElseThrow();
    assertThat(key.getPublicExponent()).isEqualTo(BigInteger.valueOf(65537));
    assertThat(key.getModulus().bitLength()).isEqualTo(2048);
    assertThat(HEX.formatHex(pub.name())).startsWith("000b").hasSize(68);
    assertThat(pub.spki().orElseThrow()).isEqualTo(key.getEncoded());
  }

  @Test
  void parse_storageArea_notAnAttestationKey() throws Exception {
    byte[] t = PublicAreas.storageKeyTemplate();
    byte[] area = new TpmWriter().bytes(Arrays.copyOf(t, t.length - 2)).tpm2b(new byte[256])
        .toByteArray();
    area[area.length - 256] = (byte) 0xC5;
    area[area.length - 1] = 1;

    assertThat(PublicAreas.parse(area).isAttestationKey()).isFalse();
  }

  @Test
  void parse_everyTruncation_malformed() {
    byte[] area = akArea();
    for (int n = 0; n < area.length; n++) {
      byte[] cut = Arrays.copyOf(area, n);
      assertThatThrownBy(() -> PublicAreas.parse(cut)).as("length %d", n)
          .isInstanceOf(TpmException.class);
    }
  }

  @Test
  void parse_trailingByteOrOversizeOrUnknownType_rejected() {
    byte[] area = akArea();
    assertThatThrownBy(() -> PublicAreas.parse(Arrays.copyOf(area, area.length + 1)))
        .hasMessageContaining("trailing");
    assertThatThrownBy(() -> PublicAreas.parse(new byte[1025])).hasMessageContaining("limit");
    byte[] keyedHash = area.clone();
    keyedHash[1] = 0x08;
    assertThatThrownBy(() -> PublicAreas.parse(keyedHash)).hasMessageContaining("type 0x8");
  }

  @Test
  void parse_oversizedModulus_rejected() {
    byte[] t = PublicAreas.attestationKeyTemplate();
    byte[] area = new TpmWriter().bytes(Arrays.copyOf(t, t.length - 2)).tpm2b(new byte[513])
        .toByteArray();

    assertThatThrownBy(() -> PublicAreas.parse(area)).hasMessageContaining("limit 512");
  }

  private static byte[] attest(int magic, int type, byte[] extra, byte[] selection) {
    return new TpmWriter().u32(magic).u16(type).tpm2b(new byte[34]).tpm2b(extra)
        .bytes(new byte[17]).bytes(new byte[8]).bytes(selection).tpm2b(new byte[32])
        .toByteArray();
  }

  @Test
  void parseQuote_wellFormed_extractsNonceSelectionDigest() throws Exception {
    byte[] sel = PcrSelections.sha256(PcrSelections.all());
    AttestInfo info = AttestInfo.parseQuote(attest(0xFF544347, 0x8018, new byte[] {7}, sel));

    assertThat(info.extraData()).containsExactly(7);
    assertThat(info.selection()).isEqualTo(sel);
    assertThat(info.pcrDigest()).hasSize(32);
  }

  @Test
  void parseQuote_wrongMagicTypeOrTruncated_malformed() {
    byte[] sel = PcrSelections.sha256(PcrSelections.all());
    assertThatThrownBy(() -> AttestInfo.parseQuote(attest(0xFF544348, 0x8018, new byte[0], sel)))
        .hasMessageContaining("magic");
    assertThatThrownBy(() -> AttestInfo.parseQuote(attest(0xFF544347, 0x8017, new byte[0], sel)))
        .hasMessageContaining("not a quote");
    byte[] ok = attest(0xFF544347, 0x8018, new byte[0], sel);
    for (int n = 0; n < ok.length; n++) {
      byte[] cut = Arrays.copyOf(ok, n);
      assertThatThrownBy(() -> AttestInfo.parseQuote(cut)).isInstanceOf(TpmException.class);
    }
    assertThatThrownBy(() -> AttestInfo.parseQuote(attest(0xFF544347, 0x8018, new byte[65], sel)))
        .hasMessageContaining("limit 64");
  }

  @Test
  void selection_sha256Subset_bitmapAsTpmOrders() throws Exception {
    BitSet pcrs = new BitSet();
    pcrs.set(0);
    pcrs.set(16);
    pcrs.set(23);

    byte[] sel = PcrSelections.sha256(pcrs);

    assertThat(HEX.formatHex(sel)).isEqualTo("00000001000b03010081");
    assertThat(PcrSelections.readSha256(TpmReader.of(sel, "t"))).isEqualTo(pcrs);
  }

  @Test
  void selection_tooManyBanksOrWideSelect_malformed() {
    byte[] banks = new TpmWriter().u32(17).toByteArray();
    assertThatThrownBy(() -> PcrSelections.readSha256(TpmReader.of(banks, "t")))
        .hasMessageContaining("17 banks");
    byte[] wide = new TpmWriter().u32(1).u16(0x000b).u8(5).bytes(new byte[5]).toByteArray();
    assertThatThrownBy(() -> PcrSelections.readSha256(TpmReader.of(wide, "t")))
        .hasMessageContaining("sizeofSelect 5");
  }
}
