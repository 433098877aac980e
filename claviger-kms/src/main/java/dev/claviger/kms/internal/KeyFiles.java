package dev.claviger.kms.internal;

import dev.claviger.kms.KmsException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** File-system side of the key ring: permissions, bounded reads, atomic writes. */
final class KeyFiles {
  private static final Set<PosixFilePermission> OWNER_ONLY =
      EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  /** Parsed file content. */
  record Loaded(List<MasterKey> keys) {}

  private KeyFiles() {}

  static Loaded read(Path file) throws KmsException {
    checkPermissions(file);
    try (InputStream in = Files.newInputStream(file)) {
      byte[] content = in.readNBytes((int) KeyFileFormat.MAX_FILE_SIZE + 1);
      try {
        return new Loaded(KeyFileFormat.decode(content));
      } finally {
        Arrays.fill(content, (byte) 0);
      }
    } catch (IOException e) {
      throw new KmsException("cannot read master key file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Refuses key files that group or others can access in any way, and non-regular files. */
  static void checkPermissions(Path file) throws KmsException {
    try {
      if (!Files.isRegularFile(file)) {
        throw new KmsException("master key file " + file + " is not a regular file");
      }
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
        throw new KmsException(
            "master key file " + file + " is accessible by group or others ("
                + PosixFilePermissions.toString(perms) + "); run: chmod 600 " + file);
      }
    } catch (UnsupportedOperationException e) {
      throw new KmsException("master key file " + file + " is not on a POSIX file system", e);
    } catch (IOException e) {
      throw new KmsException("cannot stat master key file " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Identifies one version of the file. Every write is an atomic rename, so the file key (device
   * and inode) changes even when two writes fall in the same coarse mtime tick.
   */
  record Stamp(Object fileKey, FileTime mtime, long size) {}

  static Stamp stamp(Path file) throws KmsException {
    try {
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      return new Stamp(a.fileKey(), a.lastModifiedTime(), a.size());
    } catch (IOException e) {
      throw new KmsException("cannot stat master key file " + file + ": " + e.getMessage(), e);
    }
  }

  static void ensureParent(Path file) throws KmsException {
    Path dir = file.getParent();
    if (dir == null || Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(dir, ownerOnlyDir());
    } catch (IOException e) {
      throw new KmsException("cannot create directory " + dir + ": " + e.getMessage(), e);
    }
  }

  static FileChannel openLock(Path file) throws IOException {
    Path lock = file.resolveSibling(file.getFileName() + ".lock");
    return FileChannel.open(
        lock,
        EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
        PosixFilePermissions.asFileAttribute(OWNER_ONLY));
  }

  /** Creates the file with mode 0600 from the start (no window where it is world-readable). */
  static void createNew(Path file, byte[] content) throws IOException {
    try (FileChannel ch =
        FileChannel.open(
            file,
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
      writeFully(ch, content);
      ch.force(true);
    } finally {
      Arrays.fill(content, (byte) 0);
    }
  }

  /** Writes a sibling temp file (0600), fsyncs it, and renames it over {@code file}. */
  static void writeAtomically(Path file, byte[] content) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp-" + ProcessHandle.current().pid()
        + "-" + System.nanoTime());
    try {
      createNew(tmp, content);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new IOException("file system cannot replace the key file atomically", e);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeFully(FileChannel ch, byte[] content) throws IOException {
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(content);
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerOnlyDir() {
    return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  }
}
