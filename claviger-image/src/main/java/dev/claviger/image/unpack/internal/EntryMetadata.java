package dev.claviger.image.unpack.internal;

import dev.claviger.image.unpack.UnpackException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * Mode, owner and mtime of one tar entry, applied without following links. Ownership is applied
 * only when the process runs as root (an unprivileged chown would fail for foreign ids); the
 * mode is applied after the owner because chown clears set-id bits.
 *
 * @param mode permission and set-id/sticky bits ({@code 07777})
 */
public record EntryMetadata(int mode, int uid, int gid, Instant mtime) {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final long MAX_ID = 0xFFFF_FFFEL;

  /** Validated metadata from header values (ids outside the Linux u32 range are refused). */
  public static EntryMetadata of(long mode, long uid, long gid, Instant mtime) throws UnpackException {
    if (uid < 0 || uid > MAX_ID || gid < 0 || gid > MAX_ID) {
      throw new UnpackException(UnpackException.Kind.MALFORMED, "uid/gid out of range: " + uid + "/" + gid);
    }
    return new EntryMetadata((int) (mode & 07777), (int) uid, (int) gid, mtime);
  }

  /** What kind of inode the metadata goes to; it decides which calls are safe. */
  public enum Target {
    REGULAR,
    DIRECTORY,
    /** Linux ignores a symlink's mode, and chmod would follow it. */
    SYMLINK,
    /**
     * Device nodes and FIFOs: the JDK applies a no-follow chmod or utimes by opening the file,
     * which blocks on a FIFO and has side effects on some devices, so their mode comes from
     * mknod only and their mtime is left at creation time.
     */
    SPECIAL
  }

  /** Applies owner (lchown), mode (regular files and directories) and mtime (utimensat). */
  public void apply(Path p, Target target, boolean chown) throws UnpackException {
    boolean symlink = target == Target.SYMLINK;
    try {
      if (chown) {
        Files.setAttribute(p, "unix:uid", uid, NOFOLLOW);
        Files.setAttribute(p, "unix:gid", gid, NOFOLLOW);
      }
      if (target == Target.REGULAR || target == Target.DIRECTORY) {
        Files.setAttribute(p, "unix:mode", mode, NOFOLLOW);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new UnpackException(UnpackException.Kind.IO, "setting owner/mode of " + p + " failed: " + e, e);
    }
    if (target != Target.SPECIAL) {
      applyMtime(p, symlink);
    }
  }

  private void applyMtime(Path p, boolean symlink) throws UnpackException {
    if (mtime == null) {
      return;
    }
    try {
      FileTime t = FileTime.from(mtime);
      Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(t, t, null);
    } catch (IOException e) {
      if (!symlink) {
        throw new UnpackException(UnpackException.Kind.IO, "setting mtime of " + p + " failed: " + e, e);
      }
      // a symlink's mtime is cosmetic; some filesystems cannot set it without following
    }
  }

  /** True when this process may chown to arbitrary ids. */
  public static boolean runningAsRoot() {
    try {
      Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      return uid instanceof Integer i && i == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }
}
