package dev.claviger.agent.cdh.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.cdh.CdhException;
import dev.claviger.agent.cdh.WrapType;
import dev.claviger.core.SecretBytes;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class WrapCiphersTest {
  private static final HexFormat HEX = HexFormat.of();
  // RFC 3394 section 4.6: wrap 256 bits of key data with a 256-bit KEK.
  private static final SecretBytes KEK =
      SecretBytes.copyOf(HEX.parseHex("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"));
  private static final byte[] KEY_DATA =
      HEX.parseHex("00112233445566778899AABBCCDDEEFF000102030405060708090A0B0C0D0E0F");
  private static final byte[] WRAPPED =
      HEX.parseHex("28C9F404C4B810F4CBCCB35CFB87F8263F5786E2D80ED326CBC7F0E71A99F43BFB988B9B7A02DD21");

  @Test
  void keyWrap_rfc3394Vector_matches() throws Exception {
    assertThat(WrapCiphers.keyWrap(KEK, SecretBytes.copyOf(KEY_DATA))).isEqualTo(WRAPPED);
  }

  @Test
  void keyUnwrap_rfc3394Vector_givesKeyData() throws Exception {
    assertThat(WrapCiphers.keyUnwrap(KEK, WRAPPED).contentEquals(KEY_DATA)).isTrue();
  }

  @Test
  void keyUnwrap_anyFlippedByte_fails() {
    for (int i = 0; i < WRAPPED.length; i++) {
      byte[] bad = WRAPPED.clone();
      bad[i] ^= 0x40;
      assertThatThrownBy(() -> WrapCiphers.keyUnwrap(KEK, bad)).isInstanceOf(CdhException.class);
    }
  }

  @Test
  void keyUnwrap_wrongLength_fails() {
    assertThatThrownBy(() -> WrapCiphers.keyUnwrap(KEK, new byte[32])).hasMessageContaining("40 bytes");
  }

  @Test
  void ctr_isAes256CtrWithFullCounterBlock() throws Exception {
    // NIST SP 800-38A F.5.5 CTR-AES256.Encrypt, first block.
    SecretBytes key =
        SecretBytes.copyOf(HEX.parseHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"));
    byte[] iv = HEX.parseHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
    byte[] pt = HEX.parseHex("6bc1bee22e409f96e93d7e117393172a");
    assertThat(WrapCiphers.encrypt(WrapType.A256CTR, key, iv, pt))
        .isEqualTo(HEX.parseHex("601ec313775789a5b7a7f504bbf3d228"));
  }

  @Test
  void gcm_wrongIvLength_fails() {
    assertThatThrownBy(() -> WrapCiphers.encrypt(WrapType.A256GCM, KEK, new byte[16], new byte[1]))
        .hasMessageContaining("12-byte IV");
  }
}
