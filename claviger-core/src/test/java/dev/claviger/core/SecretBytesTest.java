package dev.claviger.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class SecretBytesTest {
  private static final byte[] KEY = {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, (byte) 0x88};

  @Test
  void toString_containsNoKeyMaterial() {
    SecretBytes s = SecretBytes.copyOf(KEY);
    String text = s.toString();
    assertThat(text).contains("8 bytes").contains("redacted");
    assertThat(text.toLowerCase())
        .doesNotContain(Hex.encode(KEY))
        .doesNotContain("11223344")
        .doesNotContain(Base64s.encodeStd(KEY).substring(0, 6))
        .doesNotContain("17, 34");
  }

  @Test
  void copyOf_laterChangeToSource_notVisible() {
    byte[] src = KEY.clone();
    SecretBytes s = SecretBytes.copyOf(src);
    src[0] = 0;
    assertThat(s.toByteArray()).isEqualTo(KEY);
  }

  @Test
  void toByteArray_changeToCopy_notVisible() {
    SecretBytes s = SecretBytes.copyOf(KEY);
    s.toByteArray()[0] = 0;
    assertThat(s.toByteArray()).isEqualTo(KEY);
  }

  @Test
  void equals_sameContent_trueDifferentContentOrLength_false() {
    assertThat(SecretBytes.copyOf(KEY)).isEqualTo(SecretBytes.copyOf(KEY));
    byte[] other = KEY.clone();
    other[7] ^= 1;
    assertThat(SecretBytes.copyOf(KEY)).isNotEqualTo(SecretBytes.copyOf(other));
    assertThat(SecretBytes.copyOf(KEY)).isNotEqualTo(SecretBytes.copyOf(KEY, 0, 7));
    assertThat(SecretBytes.copyOf(KEY).hashCode()).isEqualTo(SecretBytes.copyOf(other).hashCode());
    assertThat(SecretBytes.copyOf(KEY).contentEquals(KEY)).isTrue();
    assertThat(SecretBytes.copyOf(KEY).contentEquals(other)).isFalse();
  }

  @Test
  void destroy_zeroesAndBlocksAccess() {
    SecretBytes s = SecretBytes.copyOf(KEY);
    s.destroy();
    assertThat(s.isDestroyed()).isTrue();
    assertThat(s.toString()).isEqualTo("SecretBytes[destroyed]");
    assertThatThrownBy(s::toByteArray).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> s.toSecretKey("AES")).isInstanceOf(IllegalStateException.class);
    assertThat(s).isNotEqualTo(SecretBytes.copyOf(new byte[8]));
  }

  @Test
  void close_destroys() {
    SecretBytes s;
    try (SecretBytes t = SecretBytes.copyOf(KEY)) {
      s = t;
    }
    assertThat(s.isDestroyed()).isTrue();
  }

  @Test
  void random_lengthAndDistinct() {
    SecureRandom r = new SecureRandom();
    SecretBytes a = SecretBytes.random(32, r);
    assertThat(a.length()).isEqualTo(32);
    assertThat(a).isNotEqualTo(SecretBytes.random(32, r));
  }

  @Test
  void copyOf_badRange_rejected() {
    assertThatThrownBy(() -> SecretBytes.copyOf(KEY, 4, 5))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
