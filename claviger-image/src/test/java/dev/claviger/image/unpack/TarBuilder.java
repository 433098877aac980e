package dev.claviger.image.unpack;

import dev.claviger.image.oci.Digest;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Writes raw ustar/PAX/GNU tar bytes with full control over every header field, including the
 * hostile ones a real tar writer refuses (absolute names, {@code ..}, huge declared sizes).
 */
public final class TarBuilder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private long mtime = 1_700_000_000L;

  public TarBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
  }

  public TarBuilder file(String name, byte[] content, int mode) {
    header(name, '0', "", content.length, mode, 0, 0);
    data(content);
    return this;
  }

  public TarBuilder dir(String name, int mode) {
    return header(name, '5', "", 0, mode, 0, 0);
  }

  public TarBuilder symlink(String name, String target) {
    return header(name, '2', target, 0, 0777, 0, 0);
  }

  public TarBuilder hardlink(String name, String target) {
    return header(name, '1', target, 0, 0644, 0, 0);
  }

  public TarBuilder device(String name, char type) {
    return header(name, type, "", 0, 0600, 0, 0);
  }

  public TarBuilder mtime(long epochSeconds) {
    this.mtime = epochSeconds;
    return this;
  }

  /** A PAX extended header ('x') applying {@code records} to the next entry. */
  public TarBuilder pax(String... keyValues) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      sb.append(paxRecord(keyValues[i], keyValues[i + 1]));
    }
    byte[] body = sb.toString().getBytes(StandardCharsets.UTF_8);
    header("PaxHeaders/x", 'x', "", body.length, 0644, 0, 0);
    data(body);
    return this;
  }

  /** A header whose declared size is {@code declared}, followed by {@code body} only. */
  public TarBuilder rawEntry(String name, char type, long declared, byte[] body) {
    header(name, type, "", declared, 0644, 0, 0);
    data(body);
    return this;
  }

  public static String paxRecord(String key, String value) {
    int rest = key.getBytes(StandardCharsets.UTF_8).length + value.getBytes(StandardCharsets.UTF_8).length + 3;
    int len = rest + String.valueOf(rest).length();
    if (String.valueOf(len).length() != String.valueOf(rest).length()) {
      len++;
    }
    return len + " " + key + "=" + value + "\n";
  }

  public TarBuilder header(String name, char type, String link, long size, int mode, int uid, int gid) {
    byte[] h = new byte[512];
    put(h, 0, 100, name.getBytes(StandardCharsets.UTF_8));
    octal(h, 100, 8, mode);
    octal(h, 108, 8, uid);
    octal(h, 116, 8, gid);
    octal(h, 124, 12, size);
    octal(h, 136, 12, mtime);
    h[156] = (byte) type;
    put(h, 157, 100, link.getBytes(StandardCharsets.UTF_8));
    put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
    put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
    for (int i = 148; i < 156; i++) {
      h[i] = ' ';
    }
    long sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    byte[] chk = String.format("%06o\0 ", sum).getBytes(StandardCharsets.US_ASCII);
    put(h, 148, 8, chk);
    out.writeBytes(h);
    return this;
  }

  private void data(byte[] content) {
    out.writeBytes(content);
    int pad = (512 - content.length % 512) % 512;
    out.writeBytes(new byte[pad]);
  }

  private static void put(byte[] h, int off, int max, byte[] v) {
    System.arraycopy(v, 0, h, off, Math.min(max, v.length));
  }

  private static void octal(byte[] h, int off, int len, long v) {
    String s = String.format("%0" + (len - 1) + "o", v);
    put(h, off, len - 1, s.getBytes(StandardCharsets.US_ASCII));
  }

  /** The archive with its two zero end blocks. */
  public byte[] tar() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(new byte[1024]);
    return copy.toByteArray();
  }

  /** The archive bytes without end blocks (a truncated stream). */
  public byte[] unterminated() {
    return out.toByteArray();
  }

  public static byte[] gzip(byte[] data) {
    return compress(data, GZIPOutputStream::new);
  }

  public static byte[] zstd(byte[] data) {
    return compress(data, ZstdOutputStream::new);
  }

  public static Digest diffId(byte[] tar) {
    return Digest.sha256(tar);
  }

  private interface Compressor {
    OutputStream wrap(OutputStream o) throws IOException;
  }

  private static byte[] compress(byte[] data, Compressor c) {
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream o = c.wrap(bos)) {
      o.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }
}
