package dev.claviger.image.runtime.internal;

import dev.claviger.image.unpack.UnpackException;
import dev.claviger.image.unpack.internal.EntryNames;
import dev.claviger.image.unpack.internal.RootfsTree;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads small files of an unpacked rootfs as the container would see them: symlinks (in any
 * component) are resolved inside the rootfs, so an image's {@code /etc/passwd -> /host/secret}
 * can never make us read a host file.
 */
public final class RootfsFiles {
  private static final int MAX_HOPS = 40;

  private RootfsFiles() {}

  /**
   * The content of {@code absolutePath} inside {@code rootfs}, empty when missing or not a regular
   * file.
   *
   * @throws IOException when the file exceeds {@code maxBytes}, escapes the rootfs or cannot be read
   */
  public static Optional<byte[]> read(Path rootfs, String absolutePath, int maxBytes) throws IOException {
    RootfsTree tree = new RootfsTree(rootfs.toRealPath(), MAX_HOPS);
    List<String> pending = EntryNames.linkComponents(absolutePath);
    for (int hop = 0; hop <= MAX_HOPS && !pending.isEmpty(); hop++) {
      Path p = locate(tree, pending);
      if (p == null) {
        return Optional.empty();
      }
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      if (a.isSymbolicLink()) {
        String target = Files.readSymbolicLink(p).toString();
        String dir = tree.root().relativize(p.getParent()).toString();
        List<String> next = new ArrayList<>(target.startsWith("/") ? List.of() : EntryNames.linkComponents(dir));
        next.addAll(EntryNames.linkComponents(target));
        pending = next;
        continue;
      }
      if (!a.isRegularFile()) {
        return Optional.empty();
      }
      if (a.size() > maxBytes) {
        throw new IOException(absolutePath + " in the rootfs is larger than " + maxBytes + " bytes");
      }
      try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
        byte[] data = in.readNBytes(maxBytes + 1);
        if (data.length > maxBytes) {
          throw new IOException(absolutePath + " in the rootfs is larger than " + maxBytes + " bytes");
        }
        return Optional.of(data);
      }
    }
    throw new IOException("too many symlinks resolving " + absolutePath + " in the rootfs");
  }

  private static Path locate(RootfsTree tree, List<String> components) throws IOException {
    String last = components.getLast();
    if (last.equals("..")) {
      return null;
    }
    try {
      List<String> parent = tree.resolveDirectory(components.subList(0, components.size() - 1), false);
      if (parent == null) {
        return null;
      }
      Path p = tree.physical(parent).resolve(last);
      return Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? p : null;
    } catch (UnpackException e) {
      throw new IOException("resolving a path in the rootfs: " + e.getMessage(), e);
    }
  }
}
