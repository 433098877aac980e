package dev.claviger.agent.internal;

import dev.claviger.core.SecretBytes;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Arrays;
import java.util.Base64;

/**
 * PEM encodings of a private key. The JDK only emits PKCS#8; upstream hands RSA keys out as
 * PKCS#1 {@code RSAPrivateKey} (RFC 8017 A.1.2), which is a plain SEQUENCE of INTEGERs, so a
 * minimal DER writer is enough.
 */
final class PrivateKeyPem {
  private static final Base64.Encoder MIME = Base64.getMimeEncoder(64, new byte[] {'\n'});

  private PrivateKeyPem() {}

  /** {@code RSAPrivateKey ::= SEQUENCE { version 0, n, e, d, p, q, dP, dQ, qInv }}. */
  static byte[] pkcs1(RSAPrivateCrtKey key) {
    WipingBuffer body = new WipingBuffer(1300);
    for (BigInteger value : new BigInteger[] {
        BigInteger.ZERO, key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(),
        key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(), key.getPrimeExponentQ(),
        key.getCrtCoefficient()}) {
      byte[] encoded = value.toByteArray(); // two's complement big-endian: DER's INTEGER content
      writeTlv(body, 0x02, encoded);
      Arrays.fill(encoded, (byte) 0);
    }
    byte[] content = body.toByteArray();
    body.wipe();
    WipingBuffer out = new WipingBuffer(content.length + 4);
    writeTlv(out, 0x30, content);
    Arrays.fill(content, (byte) 0);
    byte[] der = out.toByteArray();
    out.wipe();
    return der;
  }

  static SecretBytes pem(String label, byte[] der) {
    byte[] base64 = MIME.encode(der);
    byte[] head = ("-----BEGIN " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
    byte[] tail = ("\n-----END " + label + "-----\n").getBytes(StandardCharsets.US_ASCII);
    byte[] all = new byte[head.length + base64.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(base64, 0, all, head.length, base64.length);
    System.arraycopy(tail, 0, all, head.length + base64.length, tail.length);
    Arrays.fill(base64, (byte) 0);
    return SecretBytes.wrapOwned(all);
  }

  /** A buffer whose internal copy of the key material can be zeroed. */
  private static final class WipingBuffer extends ByteArrayOutputStream {
    WipingBuffer(int size) {
      super(size);
    }

    void wipe() {
      Arrays.fill(buf, (byte) 0);
    }
  }

  private static void writeTlv(ByteArrayOutputStream out, int tag, byte[] content) {
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length);
    } else {
      throw new IllegalStateException("DER value longer than 64 KiB");
    }
    out.write(content, 0, content.length);
  }
}
