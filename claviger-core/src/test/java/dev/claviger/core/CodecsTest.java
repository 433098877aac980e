package dev.claviger.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CodecsTest {
  private static final byte[] FOOB = "foob".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HIGH = {(byte) 0xfb, (byte) 0xff, (byte) 0xbf};

  @Test
  void hexEncode_lowerCase() {
    assertThat(Hex.encode(new byte[] {0, (byte) 0xab, 0x7f})).isEqualTo("00ab7f");
  }

  @Test
  void hexDecode_eitherCase_roundTrips() throws Exception {
    assertThat(Hex.decode("00AB7f")).containsExactly(0, 0xab, 0x7f);
    assertThat(Hex.decode("")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "abc", "0g", "0x00", " 00", "00 ", "\u0660\u0660", "\uff10\uff10", "+1"})
  void hexDecode_malformed_rejected(String in) {
    assertThatThrownBy(() -> Hex.decode(in)).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void hexDecode_wrongLength_rejected() throws Exception {
    assertThat(Hex.decode("0011", 2)).hasSize(2);
    assertThatThrownBy(() -> Hex.decode("0011", 3))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("expected 3 bytes");
  }

  @Test
  void base64_fourFlavours_encode() {
    assertThat(Base64s.encodeStd(FOOB)).isEqualTo("Zm9vYg==");
    assertThat(Base64s.encodeStdNoPad(FOOB)).isEqualTo("Zm9vYg");
    assertThat(Base64s.encodeUrl(HIGH)).isEqualTo("-_-_");
    assertThat(Base64s.encodeStd(HIGH)).isEqualTo("+/+/");
    assertThat(Base64s.encodeUrlNoPad(new byte[] {(byte) 0xfb})).isEqualTo("-w");
    assertThat(Base64s.encodeUrl(new byte[] {(byte) 0xfb})).isEqualTo("-w==");
  }

  @Test
  void base64_strictDecoders_acceptOwnFlavour() throws Exception {
    assertThat(Base64s.decodeStd("Zm9vYg==")).isEqualTo(FOOB);
    assertThat(Base64s.decodeStdNoPad("Zm9vYg")).isEqualTo(FOOB);
    assertThat(Base64s.decodeUrl("-_-_")).isEqualTo(HIGH);
    assertThat(Base64s.decodeUrlNoPad("-w")).containsExactly(0xfb);
    assertThat(Base64s.decodeStd("")).isEmpty();
  }

  @Test
  void base64_decodeStd_rejectsMissingPaddingUrlAlphabetAndWhitespace() {
    for (String bad : new String[] {"Zm9vYg", "-_-_", "Zm9v\nYg==", "Zm9vYg=", "Zm9vYg===", "Zm9=vYg="}) {
      assertThatThrownBy(() -> Base64s.decodeStd(bad))
          .as(bad)
          .isInstanceOf(MalformedInputException.class);
    }
  }

  @Test
  void base64_decodeUrlNoPad_rejectsPaddingAndStdAlphabet() {
    for (String bad : new String[] {"-w==", "+/+/", "Z", "Zm9vY"}) {
      assertThatThrownBy(() -> Base64s.decodeUrlNoPad(bad))
          .as(bad)
          .isInstanceOf(MalformedInputException.class);
    }
  }

  @Test
  void base64_nonCanonicalTrailingBits_rejected() {
    // "Zh==" decodes to 'f' but has non-zero trailing bits; canonical is "Zg==".
    assertThatThrownBy(() -> Base64s.decodeStd("Zh==")).isInstanceOf(MalformedInputException.class);
    assertThatThrownBy(() -> Base64s.decodeLenient("Zh")).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void base64_decodeLenient_acceptsAnyFlavour() throws Exception {
    assertThat(Base64s.decodeLenient("Zm9vYg==")).isEqualTo(FOOB);
    assertThat(Base64s.decodeLenient("Zm9vYg")).isEqualTo(FOOB);
    assertThat(Base64s.decodeLenient("-_-_")).isEqualTo(HIGH);
    assertThat(Base64s.decodeLenient("+/+/")).isEqualTo(HIGH);
    assertThat(Base64s.decodeLenient("-w==")).containsExactly(0xfb);
  }

  @Test
  void base64_decodeLenient_rejectsMixedAlphabetAndBadPadding() {
    for (String bad : new String[] {"+_+_", "Zm9vYg=", "Zm9vY", "Zm 9v", "Zm9vYg==="}) {
      assertThatThrownBy(() -> Base64s.decodeLenient(bad))
          .as(bad)
          .isInstanceOf(MalformedInputException.class);
    }
  }

  @Test
  void digests_knownAnswers() {
    byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
    assertThat(Hex.encode(Digests.sha256(abc)))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Hex.encode(Digests.sha384(abc)))
        .isEqualTo(
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                + "8086072ba1e7cc2358baeca134c825a7");
    assertThat(Hex.encode(Digests.sha512(abc)))
        .startsWith("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a");
    assertThat(Digests.digest(HashAlgorithm.SHA512, abc)).hasSize(64);
  }

  @Test
  void hashAlgorithm_wireNames_roundTrip() throws Exception {
    for (HashAlgorithm a : HashAlgorithm.values()) {
      assertThat(HashAlgorithm.fromWireName(a.wireName())).isSameAs(a);
      assertThat(a.newDigest().getDigestLength()).isEqualTo(a.digestLength());
    }
    assertThat(HashAlgorithm.SHA384.wireName()).isEqualTo("sha384");
  }

  @ParameterizedTest
  @ValueSource(strings = {"SHA384", "sha-384", "sm3", "", "md5"})
  void hashAlgorithm_unknownName_rejected(String name) {
    assertThatThrownBy(() -> HashAlgorithm.fromWireName(name))
        .isInstanceOf(MalformedInputException.class)
        .hasMessageContaining("unsupported hash algorithm");
  }
}
