package dev.claviger.kms.internal;

import dev.claviger.core.Digests;
import dev.claviger.core.SecretBytes;
import dev.claviger.kms.KmsException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Master-key file layout (big-endian):
 *
 * <pre>
 * "CLVKMS01"            8 bytes magic
 * count                 u32, 1..MAX_VERSIONS
 * count x entry:        version u32 (strictly increasing from 1) | created epoch-second i64 | key 32
 * SHA-256 of the above  32 bytes (catches truncation and bit rot; integrity against an attacker
 *                       who can write the file is out of scope: such an attacker owns the keys)
 * </pre>
 */
final class KeyFileFormat {
  static final int MAX_VERSIONS = 4096;
  private static final byte[] MAGIC = "CLVKMS01".getBytes(StandardCharsets.US_ASCII);
  private static final int ENTRY = 4 + 8 + MasterKey.KEY_BYTES;
  private static final int DIGEST = 32;
  private static final long MAX_EPOCH_SECOND = 253402300799L; // 9999-12-31T23:59:59Z
  static final long MAX_FILE_SIZE = MAGIC.length + 4L + (long) MAX_VERSIONS * ENTRY + DIGEST;

  private KeyFileFormat() {}

  static byte[] encode(List<MasterKey> keys) {
    ByteBuffer buf = ByteBuffer.allocate(MAGIC.length + 4 + keys.size() * ENTRY + DIGEST);
    buf.put(MAGIC).putInt(keys.size());
    for (MasterKey k : keys) {
      byte[] raw = k.key().toByteArray();
      buf.putInt(k.version()).putLong(k.createdAt().getEpochSecond()).put(raw);
      Arrays.fill(raw, (byte) 0);
    }
    byte[] body = Arrays.copyOf(buf.array(), buf.position());
    buf.put(Digests.sha256(body));
    Arrays.fill(body, (byte) 0);
    return buf.array();
  }

  static List<MasterKey> decode(byte[] file) throws KmsException {
    if (file.length < MAGIC.length + 4 + ENTRY + DIGEST || file.length > MAX_FILE_SIZE) {
      throw new KmsException("master key file has an invalid size (" + file.length + " bytes)");
    }
    if (!Arrays.equals(file, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new KmsException("master key file has an unknown format (bad magic)");
    }
    ByteBuffer buf = ByteBuffer.wrap(file);
    buf.position(MAGIC.length);
    int count = buf.getInt();
    if (count < 1 || count > MAX_VERSIONS || file.length != MAGIC.length + 4 + count * ENTRY + DIGEST) {
      throw new KmsException("master key file is truncated or has a bad key count");
    }
    int bodyLength = file.length - DIGEST;
    byte[] body = Arrays.copyOf(file, bodyLength);
    byte[] expected = Digests.sha256(body);
    Arrays.fill(body, (byte) 0);
    if (!MessageDigest.isEqual(expected, Arrays.copyOfRange(file, bodyLength, file.length))) {
      throw new KmsException("master key file is corrupt (checksum mismatch)");
    }
    List<MasterKey> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int version = buf.getInt();
      long created = buf.getLong();
      if (version != i + 1 || created < 0 || created > MAX_EPOCH_SECOND) {
        throw new KmsException("master key file has an invalid entry " + (i + 1));
      }
      keys.add(new MasterKey(version, Instant.ofEpochSecond(created),
          SecretBytes.copyOf(file, buf.position(), MasterKey.KEY_BYTES)));
      buf.position(buf.position() + MasterKey.KEY_BYTES);
    }
    return List.copyOf(keys);
  }

  static MasterKey newKey(int version, Instant createdAt, SecretBytes key) {
    return new MasterKey(version, createdAt, key);
  }
}
