package dev.claviger.image.unpack.internal;

import dev.claviger.image.unpack.UnpackException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rootfs directory as one layer sees it: resolves entry paths without ever following a
 * symlink out of the root, remembers what this layer wrote (whiteouts hide only lower layers),
 * and deletes trees without following links.
 *
 * <p>Parent components that are symlinks are resolved by hand, the way the container will see
 * them: an absolute target restarts at the rootfs (chroot semantics), a relative one continues
 * from the link's directory, and a {@code ..} that would climb above the rootfs is refused as
 * {@code PATH_ESCAPE}. The final component is never followed; it is replaced.
 */
public final class RootfsTree {
  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

  private final Path root;
  private final int maxSymlinkHops;
  /** Paths written by this layer and all their ancestors (a whiteout must keep them). */
  private final Set<Path> layerPaths = new HashSet<>();

  public RootfsTree(Path realRoot, int maxSymlinkHops) {
    this.root = realRoot;
    this.maxSymlinkHops = maxSymlinkHops;
  }

  public Path root() {
    return root;
  }

  /** The on-disk path of resolved components. */
  public Path physical(List<String> resolved) {
    Path p = root;
    for (String c : resolved) {
      p = p.resolve(c);
    }
    return p;
  }

  /**
   * Resolves directory components to physical ones inside the root, creating missing
   * directories (mode 0755) when {@code create}; returns null when one is missing otherwise.
   */
  public List<String> resolveDirectory(List<String> components, boolean create) throws UnpackException {
    Deque<String> pending = new ArrayDeque<>(components);
    List<String> resolved = new ArrayList<>();
    int hops = 0;
    while (!pending.isEmpty()) {
      String c = pending.removeFirst();
      if (c.equals("..")) {
        if (resolved.isEmpty()) {
          throw new UnpackException(UnpackException.Kind.PATH_ESCAPE,
              "a parent symlink climbs above the rootfs");
        }
        resolved.removeLast();
        continue;
      }
      resolved.add(c);
      Path p = physical(resolved);
      BasicFileAttributes a = lstatOrNull(p);
      if (a == null) {
        if (!create) {
          return null;
        }
        createDirectory(p);
      } else if (a.isSymbolicLink()) {
        if (++hops > maxSymlinkHops) {
          throw new UnpackException(UnpackException.Kind.LIMIT,
              "more than " + maxSymlinkHops + " parent symlinks (maxSymlinkHops)");
        }
        resolved.removeLast();
        String target = readLink(p);
        if (target.startsWith("/")) {
          resolved.clear();
        }
        List<String> link = EntryNames.linkComponents(target);
        for (int i = link.size() - 1; i >= 0; i--) {
          pending.addFirst(link.get(i));
        }
      } else if (!a.isDirectory()) {
        throw new UnpackException(UnpackException.Kind.MALFORMED,
            "a parent of an entry is not a directory: " + EntryNames.shorten(root.relativize(p).toString()));
      }
    }
    return resolved;
  }

  private void createDirectory(Path p) throws UnpackException {
    try {
      Files.createDirectory(p);
    } catch (IOException e) {
      throw io("creating directory " + root.relativize(p), e);
    }
    markWritten(p);
  }

  /** Records that this layer wrote {@code p}, so its whiteouts and opaque markers keep it. */
  public void markWritten(Path p) {
    for (Path q = p; q != null && q.startsWith(root) && layerPaths.add(q); q = q.getParent()) {
      // ancestors too: a whiteout of a directory must not delete what this layer put inside
    }
  }

  /** lstat, or null when nothing is there. */
  public static BasicFileAttributes lstatOrNull(Path p) throws UnpackException {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw io("reading attributes of " + p, e);
    }
  }

  private String readLink(Path p) throws UnpackException {
    try {
      return Files.readSymbolicLink(p).toString();
    } catch (IOException e) {
      throw io("reading symlink " + root.relativize(p), e);
    }
  }

  /**
   * Hides what lower layers have at {@code p}: deleted outright, unless this layer wrote there,
   * in which case only the lower-layer parts inside it are removed.
   */
  public void removeLower(Path p) throws UnpackException {
    BasicFileAttributes a = lstatOrNull(p);
    if (a == null) {
      return;
    }
    if (!layerPaths.contains(p)) {
      deleteTree(p);
    } else if (a.isDirectory()) {
      pruneLower(p);
    }
  }

  /** Makes a directory opaque: every child not written by this layer goes. */
  public void pruneLower(Path dir) throws UnpackException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      ds.forEach(children::add);
    } catch (IOException e) {
      throw io("listing " + root.relativize(dir), e);
    }
    for (Path child : children) {
      removeLower(child);
    }
  }

  /** Removes whatever is at {@code p} (a file, a link, or a whole tree) without following links. */
  public void replace(Path p) throws UnpackException {
    if (lstatOrNull(p) != null) {
      deleteTree(p);
    }
  }

  /** Deletes a tree; symlinks are deleted as links, never followed. */
  public static void deleteTree(Path p) throws UnpackException {
    try {
      Files.walkFileTree(p, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
          if (failure != null) {
            throw failure;
          }
          Files.delete(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw io("deleting " + p, e);
    }
  }

  static UnpackException io(String what, IOException e) {
    return new UnpackException(UnpackException.Kind.IO, what + " failed: " + e, e);
  }
}
