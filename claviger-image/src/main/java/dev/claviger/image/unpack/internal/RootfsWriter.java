package dev.claviger.image.unpack.internal;

import dev.claviger.image.unpack.UnpackException;
import dev.claviger.image.unpack.UnpackLimits;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Applies tar entries of one layer to the rootfs: files, directories, symlinks, hardlinks,
 * whiteouts and (when allowed) special files. Directory metadata is applied at {@link #finish},
 * after every child is written, so that a read-only directory mode or an mtime survives.
 */
public final class RootfsWriter {
  private final RootfsTree tree;
  private final UnpackLimits limits;
  private final boolean chown;
  private final boolean createSpecialFiles;
  private final Map<Path, EntryMetadata> directories = new LinkedHashMap<>();
  private long skippedSpecialFiles;

  public RootfsWriter(RootfsTree tree, UnpackLimits limits, boolean chown, boolean createSpecialFiles) {
    this.tree = tree;
    this.limits = limits;
    this.chown = chown;
    this.createSpecialFiles = createSpecialFiles;
  }

  public long skippedSpecialFiles() {
    return skippedSpecialFiles;
  }

  /** Applies one entry; {@code data} yields its content (only read for regular files). */
  public void apply(TarArchiveEntry e, EntryData data) throws UnpackException {
    List<String> names = EntryNames.components(e.getName(), limits.maxPathLength());
    if (names.isEmpty()) {
      if (!e.isDirectory()) {
        throw new UnpackException(UnpackException.Kind.MALFORMED, "a non-directory entry names the rootfs itself");
      }
      return; // "./": the rootfs directory belongs to the bundle, not to the layer
    }
    if (names.getFirst().startsWith(EntryNames.RESERVED_PREFIX)) {
      return; // aufs bookkeeping (.wh..wh.plnk/..., .wh..wh.aufs): meaningless outside aufs
    }
    String last = names.getLast();
    List<String> parentNames = names.subList(0, names.size() - 1);
    if (last.startsWith(EntryNames.WHITEOUT_PREFIX)) {
      whiteout(parentNames, last);
      return;
    }
    Path target = tree.physical(tree.resolveDirectory(parentNames, true)).resolve(last);
    EntryMetadata meta = EntryMetadata.of(e.getMode(), e.getLongUserId(), e.getLongGroupId(),
        e.getLastModifiedDate() == null ? null : e.getLastModifiedDate().toInstant());
    if (e.isDirectory()) {
      directory(target, meta);
    } else if (e.isSymbolicLink()) {
      symlink(target, e.getLinkName(), meta);
    } else if (e.isLink()) {
      hardlink(target, e.getLinkName());
    } else if (isRegular(e)) {
      regular(target, meta, data);
    } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
      special(target, e, meta);
    } else {
      throw new UnpackException(UnpackException.Kind.UNSUPPORTED,
          "tar entry type '" + (char) e.getLinkFlag() + "' for " + EntryNames.shorten(e.getName()));
    }
  }

  private static boolean isRegular(TarArchiveEntry e) {
    byte f = e.getLinkFlag();
    return f == TarConstants.LF_NORMAL || f == TarConstants.LF_OLDNORM || f == TarConstants.LF_CONTIG;
  }

  private void whiteout(List<String> parentNames, String last) throws UnpackException {
    List<String> parent = tree.resolveDirectory(parentNames, false);
    if (parent == null) {
      return; // nothing below to hide
    }
    Path dir = tree.physical(parent);
    if (last.equals(EntryNames.OPAQUE)) {
      tree.pruneLower(dir);
      return;
    }
    if (last.startsWith(EntryNames.RESERVED_PREFIX)) {
      return; // aufs bookkeeping (.wh..wh.plnk, ...): meaningless outside aufs
    }
    String hidden = last.substring(EntryNames.WHITEOUT_PREFIX.length());
    if (hidden.isEmpty() || hidden.equals(".") || hidden.equals("..")) {
      throw new UnpackException(UnpackException.Kind.PATH_ESCAPE, "whiteout of '" + hidden + "'");
    }
    tree.removeLower(dir.resolve(hidden));
  }

  private void directory(Path target, EntryMetadata meta) throws UnpackException {
    BasicFileAttributes a = RootfsTree.lstatOrNull(target);
    if (a == null || !a.isDirectory()) {
      tree.replace(target);
      try {
        Files.createDirectory(target);
      } catch (IOException ex) {
        throw RootfsTree.io("creating directory " + target, ex);
      }
    }
    tree.markWritten(target);
    directories.put(target, meta);
  }

  private void symlink(Path target, String linkName, EntryMetadata meta) throws UnpackException {
    EntryNames.checkText(linkName, limits.maxPathLength(), "symlink target");
    if (linkName.isEmpty()) {
      throw new UnpackException(UnpackException.Kind.MALFORMED, "symlink with an empty target");
    }
    tree.replace(target);
    try {
      // the target is stored verbatim and never followed while unpacking
      Files.createSymbolicLink(target, target.getFileSystem().getPath(linkName));
    } catch (IOException ex) {
      throw RootfsTree.io("creating symlink " + target, ex);
    }
    tree.markWritten(target);
    meta.apply(target, EntryMetadata.Target.SYMLINK, chown);
  }

  private void hardlink(Path target, String linkName) throws UnpackException {
    List<String> names = EntryNames.components(linkName, limits.maxPathLength());
    if (names.isEmpty()) {
      throw new UnpackException(UnpackException.Kind.MALFORMED, "hardlink to the rootfs itself");
    }
    List<String> parent = tree.resolveDirectory(names.subList(0, names.size() - 1), false);
    Path source = parent == null ? null : tree.physical(parent).resolve(names.getLast());
    BasicFileAttributes a = source == null ? null : RootfsTree.lstatOrNull(source);
    if (a == null || a.isDirectory()) {
      throw new UnpackException(UnpackException.Kind.MALFORMED,
          "hardlink target missing or a directory: " + EntryNames.shorten(linkName));
    }
    if (source.equals(target)) {
      throw new UnpackException(UnpackException.Kind.MALFORMED, "hardlink to itself: " + EntryNames.shorten(linkName));
    }
    tree.replace(target);
    try {
      Files.createLink(target, source); // link(2) on Linux links a symlink itself, never its target
    } catch (IOException ex) {
      throw RootfsTree.io("creating hardlink " + target, ex);
    }
    tree.markWritten(target);
  }

  private void regular(Path target, EntryMetadata meta, EntryData data) throws UnpackException {
    tree.replace(target);
    byte[] buf = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(target,
        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
      tree.markWritten(target);
      for (int n; (n = data.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
      }
    } catch (IOException ex) {
      throw RootfsTree.io("writing " + target, ex);
    }
    meta.apply(target, EntryMetadata.Target.REGULAR, chown);
  }

  private void special(Path target, TarArchiveEntry e, EntryMetadata meta) throws UnpackException {
    if (!createSpecialFiles || !chown) {
      skippedSpecialFiles++;
      return;
    }
    tree.replace(target);
    char type = e.isFIFO() ? 'p' : e.isCharacterDevice() ? 'c' : 'b';
    SpecialFiles.mknod(target, type, meta.mode(), e.getDevMajor(), e.getDevMinor());
    tree.markWritten(target);
    meta.apply(target, EntryMetadata.Target.SPECIAL, chown);
  }

  /** Applies the deferred directory metadata; call once after the last entry. */
  public void finish() throws UnpackException {
    for (Map.Entry<Path, EntryMetadata> d : directories.entrySet()) {
      BasicFileAttributes a = RootfsTree.lstatOrNull(d.getKey());
      if (a != null && a.isDirectory()) {
        d.getValue().apply(d.getKey(), EntryMetadata.Target.DIRECTORY, chown);
      }
    }
  }
}
