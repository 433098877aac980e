package dev.claviger.evidence.dcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.evidence.dcap.internal.Quote;
import dev.claviger.evidence.dcap.internal.QuoteParser;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QuoteParserTest {
  private static byte[] tdxV4() {
    return DcapCorpus.quote("tdx/dcap-qvl/tdx_quote");
  }

  private static DcapError error(byte[] b) {
    try {
      QuoteParser.parse(b);
    } catch (DcapRejectedException e) {
      return e.error();
    }
    throw new AssertionError("parsed");
  }

  private static void putU16(byte[] b, int off, int v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(off, (short) v);
  }

  private static void putU32(byte[] b, int off, long v) {
    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(off, (int) v);
  }

  @Test
  void parse_v4TdxWithPadding_trailingBytesDropped() throws Exception {
    Quote q = QuoteParser.parse(tdxV4());
    assertThat(q.version()).isEqualTo(4);
    assertThat(q.isTdx()).isTrue();
    assertThat(q.bodyType()).isEqualTo(Quote.BodyType.TD10);
    assertThat(q.signedLength()).isEqualTo(632);
    assertThat(q.bytes()).hasSize(5006 - 70);
    assertThat(q.qe().authData()).hasSize(32);
    assertThat(new String(q.qe().pckChainPem(), 0, 27)).isEqualTo("-----BEGIN CERTIFICATE-----");
  }

  @Test
  void parse_v5Td15_bodyDescriptorRead() throws Exception {
    Quote q = QuoteParser.parse(DcapCorpus.quote("tdx/dcap-qvl/tdx_quote_outdated"));
    assertThat(q.bodyType()).isEqualTo(Quote.BodyType.TD15);
    assertThat(q.signedLength()).isEqualTo(702);
    assertThat(q.bodyDescriptor()).containsExactly(3, 0, 0x88, 2, 0, 0);
  }

  @Test
  void parse_v3Sgx_qeSectionRead() throws Exception {
    Quote q = QuoteParser.parse(DcapCorpus.quote("sgx/dcap-qvl/sgx_quote"));
    assertThat(q.version()).isEqualTo(3);
    assertThat(q.bodyType()).isEqualTo(Quote.BodyType.SGX);
    assertThat(q.signedLength()).isEqualTo(432);
    assertThat(q.qe().qeReport().isvProdId()).isEqualTo(1);
  }

  @Test
  void parse_asciiAppended_ignoredLikeIntel() throws Exception {
    byte[] b = DcapCorpus.quote("tdx/go-tdx-guest/tdx_prod_quote_SPR_E4.dat");
    assertThat(QuoteParser.parse(b).bytes()).hasSize(4974 - 39);
  }

  @Test
  void parse_everyTruncation_malformedNeverOtherException() {
    byte[] b = tdxV4();
    int end = 5006 - 70;
    for (int len = 0; len < end; len++) {
      assertThat(error(Arrays.copyOf(b, len))).as("length " + len).isEqualTo(DcapError.MALFORMED_QUOTE);
    }
  }


  @Test
  void parse_unknownVersion_unsupported() {
    byte[] b = tdxV4();
    putU16(b, 0, 6);
    assertThat(error(b)).isEqualTo(DcapError.UNSUPPORTED_QUOTE);
    putU16(b, 0, 2);
    assertThat(error(b)).isEqualTo(DcapError.UNSUPPORTED_QUOTE);
  }

  @Test
  void parse_nonEcdsaKeyType_unsupported() {
    byte[] b = tdxV4();
    putU16(b, 2, 3);
    assertThat(error(b)).isEqualTo(DcapError.UNSUPPORTED_QUOTE);
  }

  @Test
  void parse_unknownTeeType_unsupported() {
    byte[] b = tdxV4();
    putU32(b, 4, 0x82);
    assertThat(error(b)).isEqualTo(DcapError.UNSUPPORTED_QUOTE);
  }

  @Test
  void parse_nonIntelVendor_unsupported() {
    byte[] b = tdxV4();
    b[12] ^= 1;
    assertThat(error(b)).isEqualTo(DcapError.UNSUPPORTED_QUOTE);
  }

  @Test
  void parse_signatureLengthBeyondInput_malformed() {
    byte[] b = tdxV4();
    putU32(b, 632, 0x7fffffffL);
    assertThat(error(b)).isEqualTo(DcapError.MALFORMED_QUOTE);
    putU32(b, 632, 0xffffffffL);
    assertThat(error(b)).isEqualTo(DcapError.MALFORMED_QUOTE);
  }

  @Test
  void parse_signatureLengthShorterThanContent_malformed() {
    byte[] b = tdxV4();
    putU32(b, 632, 4299);
    assertThat(error(b)).isEqualTo(DcapError.MALFORMED_QUOTE);
  }

  @Test
  void parse_outerCertTypeNot6_unsupported() {
    byte[] b = tdxV4();
    putU16(b, 764, 5);
    assertThat(error(b)).isEqualTo(DcapError.UNSUPPORTED_QUOTE);
  }

  @Test
  void parse_innerCertTypeNot5_unsupported() {
    byte[] b = tdxV4();
    putU16(b, 1252, 4);
    assertThat(error(b)).isEqualTo(DcapError.UNSUPPORTED_QUOTE);
  }

  @Test
  void parse_authDataLengthOverflow_malformed() {
    byte[] b = tdxV4();
    putU16(b, 1218, 0xffff);
    assertThat(error(b)).isEqualTo(DcapError.MALFORMED_QUOTE);
  }

  @Test
  void parse_innerCertSizeHuge_malformed() {
    byte[] b = tdxV4();
    putU32(b, 1254, 0xfffffff0L);
    assertThat(error(b)).isEqualTo(DcapError.MALFORMED_QUOTE);
  }

  @Test
  void parse_v5WrongBodySize_malformed() {
    byte[] b = DcapCorpus.quote("tdx/dcap-qvl/tdx_quote_outdated");
    putU32(b, 50, 584);
    assertThat(error(b)).isEqualTo(DcapError.MALFORMED_QUOTE);
  }

  @Test
  void parse_v5SgxBodyOnTdxQuote_malformed() {
    byte[] b = DcapCorpus.quote("tdx/dcap-qvl/tdx_quote_outdated");
    putU16(b, 48, 1);
    putU32(b, 50, 384);
    assertThat(error(b)).isEqualTo(DcapError.MALFORMED_QUOTE);
  }

  @Test
  void parse_v5UnknownBodyType_unsupported() {
    byte[] b = DcapCorpus.quote("tdx/dcap-qvl/tdx_quote_outdated");
    putU16(b, 48, 9);
    assertThat(error(b)).isEqualTo(DcapError.UNSUPPORTED_QUOTE);
  }

  @Test
  void parse_null_malformed() {
    assertThat(error(null)).isEqualTo(DcapError.MALFORMED_QUOTE);
  }

  @Test
  void parse_tooLarge_malformed() {
    byte[] b = Arrays.copyOf(tdxV4(), QuoteParser.MAX_QUOTE_BYTES + 1);
    assertThat(error(b)).isEqualTo(DcapError.MALFORMED_QUOTE);
  }

  @Test
  void parse_randomMutations_onlyTypedErrors() {
    Random r = new Random(42);
    byte[] base = tdxV4();
    for (int i = 0; i < 20_000; i++) {
      byte[] b = base.clone();
      int n = 1 + r.nextInt(8);
      for (int k = 0; k < n; k++) {
        b[r.nextInt(1300)] = (byte) r.nextInt(256);
      }
      try {
        QuoteParser.parse(b);
      } catch (DcapRejectedException expected) {
        assertThat(expected.error()).isIn(DcapError.MALFORMED_QUOTE, DcapError.UNSUPPORTED_QUOTE);
      }
    }
  }

  @Test
  void quoteInput_hexBase64JsonAndBinary_sameQuote() throws Exception {
    byte[] bin = tdxV4();
    String hex = dev.claviger.core.Hex.encode(bin);
    String b64 = java.util.Base64.getEncoder().encodeToString(bin);
    assertThat(QuoteInput.decode(bin)).isEqualTo(bin);
    assertThat(QuoteInput.decode(("0x" + hex + "\n").getBytes())).isEqualTo(bin);
    assertThat(QuoteInput.decode(b64.getBytes())).isEqualTo(bin);
    assertThat(QuoteInput.decode(("{\"quote\":\"" + b64 + "\",\"cc_eventlog\":null}").getBytes())).isEqualTo(bin);
  }

  @Test
  void quoteInput_garbage_malformedEvidence() {
    assertThatThrownBy(() -> QuoteInput.decode("not a quote!".getBytes()))
        .isInstanceOfSatisfying(DcapRejectedException.class,
            e -> assertThat(e.error()).isEqualTo(DcapError.MALFORMED_EVIDENCE));
    assertThatThrownBy(() -> QuoteInput.decode("{\"q\":1}".getBytes()))
        .isInstanceOf(DcapRejectedException.class);
  }
}
