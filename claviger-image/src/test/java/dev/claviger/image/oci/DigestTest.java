package dev.claviger.image.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.core.MalformedInputException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DigestTest {
  private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
  private static final String HELLO_SHA256 =
      "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  @Test
  void parse_sha256_roundTrips() throws Exception {
    Digest d = Digest.parse(HELLO_SHA256);
    assertThat(d.algorithm()).isEqualTo("sha256");
    assertThat(d.toString()).isEqualTo(HELLO_SHA256);
    assertThat(d).isEqualTo(Digest.sha256(HELLO));
    assertThat(d.matches(HELLO)).isTrue();
    assertThat(d.matches("hellO".getBytes(StandardCharsets.UTF_8))).isFalse();
  }

  @Test
  void parse_sha512_accepted() throws Exception {
    Digest d = Digest.of("sha512", HELLO);
    assertThat(Digest.parse(d.toString())).isEqualTo(d);
    assertThat(d.encoded()).hasSize(128);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "sha256", "sha256:", ":abc", "md5:d41d8cd98f00b204e9800998ecf8427e",
      "sha256:2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
      "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982",
      "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98245",
      "sha256:../../../../etc/passwd00000000000000000000000000000000000000000",
      "sha384:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"})
  void parse_malformed_rejected(String text) {
    assertThatThrownBy(() -> Digest.parse(text)).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void parse_null_rejected() {
    assertThatThrownBy(() -> Digest.parse(null)).isInstanceOf(MalformedInputException.class);
  }

  @Test
  void verify_wrongBytes_throwsMismatch() {
    Digest d = Digest.sha256(HELLO);
    assertThatThrownBy(() -> d.verify(new byte[] {1}))
        .isInstanceOf(DigestMismatchException.class).hasMessageContaining("expected " + d);
  }

  @Test
  void digestingStream_exactContent_passes() throws Exception {
    try (DigestingInputStream in = new DigestingInputStream(
        new ByteArrayInputStream(HELLO), Digest.sha256(HELLO), HELLO.length)) {
      assertThat(in.readAllBytes()).isEqualTo(HELLO);
      in.verifyNow();
      assertThat(in.count()).isEqualTo(5);
    }
  }

  @Test
  void digestingStream_flippedByte_failsAtEof() {
    byte[] tampered = HELLO.clone();
    tampered[2] ^= 1;
    InputStream in = new DigestingInputStream(new ByteArrayInputStream(tampered),
        Digest.sha256(HELLO), HELLO.length);
    assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class)
        .satisfies(e -> assertThat(((DigestMismatchException) e).sizeMismatch()).isFalse());
  }

  @Test
  void digestingStream_longerThanDeclared_failsBeforeEof() {
    byte[] longer = new byte[1 << 20];
    DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(longer),
        Digest.sha256(HELLO), HELLO.length);
    assertThatThrownBy(() -> in.readNBytes(1 << 20)).isInstanceOf(DigestMismatchException.class)
        .hasMessageContaining("more than 5");
    assertThat(in.count()).isEqualTo(6);
  }

  @Test
  void digestingStream_shorterThanDeclared_failsAtEof() {
    InputStream in = new DigestingInputStream(new ByteArrayInputStream(HELLO),
        Digest.sha256(HELLO), HELLO.length + 1);
    assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class)
        .satisfies(e -> assertThat(((DigestMismatchException) e).sizeMismatch()).isTrue());
  }

  @Test
  void digestingStream_failureIsSticky() throws Exception {
    DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(new byte[5]),
        Digest.sha256(HELLO), -1);
    assertThatThrownBy(in::readAllBytes).isInstanceOf(DigestMismatchException.class);
    assertThatThrownBy(in::verifyNow).isInstanceOf(DigestMismatchException.class);
    assertThatThrownBy(in::read).isInstanceOf(DigestMismatchException.class);
  }

  @Test
  void verifying_sameExpectation_reusedOtherwiseWrapped() {
    Descriptor d = Descriptor.ofBytes(MediaTypes.OCI_LAYER, HELLO);
    DigestingInputStream in = DigestingInputStream.of(new ByteArrayInputStream(HELLO), d);
    assertThat(DigestingInputStream.verifying(in, d)).isSameAs(in);
    assertThat(DigestingInputStream.verifying(in, d.withContent(d.digest(), 6))).isNotSameAs(in);
  }

  @Test
  void digestingStream_skip_hashesSkippedBytes() throws Exception {
    DigestingInputStream in = new DigestingInputStream(new ByteArrayInputStream(HELLO),
        Digest.sha256(HELLO), HELLO.length);
    assertThat(in.skip(3)).isEqualTo(3);
    assertThat(in.readAllBytes()).hasSize(2);
  }
}
