package dev.claviger.kms.internal;

import dev.claviger.core.SecretBytes;
import dev.claviger.kms.KeyVersion;
import dev.claviger.kms.KmsException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The master keys of one key file, kept in memory. Rotation and creation take an exclusive lock on
 * a sibling {@code <file>.lock} so that replicas sharing the file cannot both write version N+1.
 */
public final class LocalKeyRing {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path file;
  private final Clock clock;
  private volatile List<MasterKey> keys;
  private volatile KeyFiles.Stamp loaded;

  private LocalKeyRing(Path file, Clock clock) {
    this.file = file.toAbsolutePath().normalize();
    this.clock = clock;
  }

  public static LocalKeyRing open(Path file, Clock clock) throws KmsException {
    LocalKeyRing ring = new LocalKeyRing(file, clock);
    ring.loadOrCreate();
    return ring;
  }

  public MasterKey active() {
    List<MasterKey> k = keys;
    return k.get(k.size() - 1);
  }

  /**
   * The key of {@code version}. A version newer than any known may have been rotated in by another
   * replica: re-read the file, but only when it was replaced since we read it, so forged versions in
   * tampered envelopes cannot make every unseal hit the disk.
   */
  public Optional<MasterKey> find(int version) throws KmsException {
    Optional<MasterKey> hit = lookup(version);
    if (hit.isEmpty() && version > active().version() && fileChanged()) {
      synchronized (this) {
        keys = KeyFiles.read(file).keys();
        loaded = KeyFiles.stamp(file);
      }
      hit = lookup(version);
    }
    return hit;
  }

  @SuppressWarnings("try") // the lock is held for the try block, never referenced
  public synchronized int rotate() throws KmsException {
    try (FileChannel lockChannel = KeyFiles.openLock(file);
        FileLock lock = lockChannel.lock()) {
      List<MasterKey> current = new ArrayList<>(KeyFiles.read(file).keys());
      if (current.size() >= KeyFileFormat.MAX_VERSIONS) {
        throw new KmsException("master key file already holds " + current.size() + " versions");
      }
      current.add(generate(current.size() + 1));
      KeyFiles.writeAtomically(file, KeyFileFormat.encode(current));
      keys = List.copyOf(current);
      loaded = KeyFiles.stamp(file);
      return active().version();
    } catch (IOException e) {
      throw new KmsException("cannot rotate master key file " + file + ": " + e.getMessage(), e);
    }
  }

  public List<KeyVersion> versions() {
    return keys.stream().map(MasterKey::metadata).toList();
  }

  @Override
  public String toString() {
    return "file=" + file + ", versions=" + keys.size() + ", active=" + active().version();
  }

  private Optional<MasterKey> lookup(int version) {
    List<MasterKey> k = keys;
    return version >= 1 && version <= k.size() ? Optional.of(k.get(version - 1)) : Optional.empty();
  }

  private boolean fileChanged() throws KmsException {
    return !KeyFiles.stamp(file).equals(loaded);
  }

  /**
   * An existing file is only read, so it may sit on a read-only mount (a Kubernetes secret).
   * Creation happens under the lock and by atomic rename, so a concurrent reader never sees a
   * partially written file and two first starts cannot both create version 1.
   */
  @SuppressWarnings("try")
  private void loadOrCreate() throws KmsException {
    if (!Files.exists(file)) {
      KeyFiles.ensureParent(file);
      try (FileChannel lockChannel = KeyFiles.openLock(file);
          FileLock lock = lockChannel.lock()) {
        if (!Files.exists(file)) {
          KeyFiles.writeAtomically(file, KeyFileFormat.encode(List.of(generate(1))));
        }
      } catch (IOException e) {
        throw new KmsException("cannot create master key file " + file + ": " + e.getMessage(), e);
      }
    }
    keys = KeyFiles.read(file).keys();
    loaded = KeyFiles.stamp(file);
  }

  private MasterKey generate(int version) {
    byte[] raw = new byte[MasterKey.KEY_BYTES];
    RANDOM.nextBytes(raw);
    SecretBytes key = SecretBytes.copyOf(raw);
    Arrays.fill(raw, (byte) 0);
    return KeyFileFormat.newKey(version, clock.instant(), key);
  }
}
