package dev.claviger.image.crypt.internal;

import dev.claviger.image.crypt.ImageCryptException;
import dev.claviger.image.crypt.ImageCryptException.Reason;
import dev.claviger.image.crypt.LayerIntegrityIOException;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * Decrypts while reading; at end of input checks HMAC (constant time) then plaintext digest and
 * throws {@link LayerIntegrityIOException} on mismatch. Only a verified stream ever returns -1.
 */
public final class DecryptingInputStream extends InputStream {
  private static final int BUFFER = 256 * 1024;
  private final InputStream source;
  private final Cipher ctr;
  private final Mac mac;
  private final byte[] expectedHmac;
  private final MessageDigest digest;
  private final String expectedDigest;
  private final String algorithm;
  private final byte[] buffer = new byte[BUFFER];
  private LayerIntegrityIOException failure;
  private boolean verified;

  public DecryptingInputStream(InputStream source, Cipher ctr, Mac mac, byte[] expectedHmac,
      MessageDigest digest, String expectedDigest) {
    this.source = source;
    this.ctr = ctr;
    this.mac = mac;
    this.expectedHmac = expectedHmac;
    this.digest = digest;
    this.expectedDigest = expectedDigest;
    this.algorithm = expectedDigest.substring(0, expectedDigest.indexOf(':'));
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (failure != null) {
      throw failure;
    }
    if (verified) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    int n = source.read(buffer, 0, Math.min(len, BUFFER));
    if (n < 0) {
      verify();
      return -1;
    }
    LayerPrimitives.update(mac, buffer, 0, n);
    LayerPrimitives.update(ctr, buffer, 0, n, b, off);
    LayerPrimitives.update(digest, b, off, n);
    return n;
  }

  private void verify() throws LayerIntegrityIOException {
    if (!MessageDigest.isEqual(mac.doFinal(), expectedHmac)) {
      failure = new LayerIntegrityIOException(new ImageCryptException(Reason.HMAC_MISMATCH,
          "HMAC-SHA256 of the encrypted layer does not match pubopts.hmac: the layer was altered"));
      throw failure;
    }
    String actual = LayerPrimitives.ociDigest(algorithm, digest);
    if (!actual.equals(expectedDigest)) {
      failure = new LayerIntegrityIOException(new ImageCryptException(Reason.DIGEST_MISMATCH,
          "decrypted layer is " + actual + " but privopts.digest says " + expectedDigest));
      throw failure;
    }
    verified = true;
  }

  @Override
  public void close() throws IOException {
    source.close();
  }
}
