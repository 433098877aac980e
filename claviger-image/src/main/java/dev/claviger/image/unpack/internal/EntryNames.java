package dev.claviger.image.unpack.internal;

import dev.claviger.image.unpack.UnpackException;
import java.util.ArrayList;
import java.util.List;

/** Splits tar entry names and link targets into path components, refusing escapes. */
public final class EntryNames {
  /** Prefix of a whiteout entry ({@code .wh.<name>} hides {@code <name>} of lower layers). */
  public static final String WHITEOUT_PREFIX = ".wh.";
  /** Marks its directory opaque: nothing of the lower layers shows through. */
  public static final String OPAQUE = ".wh..wh..opq";
  /** Reserved aufs metadata names ({@code .wh..wh.plnk} etc.), never materialised. */
  public static final String RESERVED_PREFIX = ".wh..wh.";

  private EntryNames() {}

  /**
   * The components of an entry name or hardlink target. {@code .} and empty components (from
   * {@code ./x} or {@code a//b}) are dropped; an absolute name or any {@code ..} component is an
   * escape attempt. Even {@code a/../b}, which stays inside, is refused: no honest layer writer
   * emits it, so it only serves to confuse checks.
   */
  public static List<String> components(String name, int maxLength) throws UnpackException {
    checkText(name, maxLength, "entry name");
    if (name.startsWith("/")) {
      throw new UnpackException(UnpackException.Kind.PATH_ESCAPE, "absolute entry name: " + shorten(name));
    }
    List<String> out = new ArrayList<>();
    for (String part : name.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new UnpackException(UnpackException.Kind.PATH_ESCAPE, "'..' in entry name: " + shorten(name));
      }
      out.add(part);
    }
    return out;
  }

  /**
   * Components of a symlink's target as stored on disk, keeping {@code ..} (resolved later
   * against the rootfs, where climbing above it is refused).
   */
  public static List<String> linkComponents(String target) {
    List<String> out = new ArrayList<>();
    for (String part : target.split("/", -1)) {
      if (!part.isEmpty() && !part.equals(".")) {
        out.add(part);
      }
    }
    return out;
  }

  /** Checks length and NUL bytes of a name or symlink target. */
  public static void checkText(String text, int maxLength, String what) throws UnpackException {
    if (text.length() > maxLength) {
      throw new UnpackException(UnpackException.Kind.LIMIT,
          what + " longer than " + maxLength + " characters (maxPathLength)");
    }
    if (text.indexOf('\0') >= 0) {
      throw new UnpackException(UnpackException.Kind.MALFORMED, what + " contains a NUL byte");
    }
  }

  /** A name for messages: bounded, so a hostile 100 kB name cannot flood a log. */
  public static String shorten(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "...";
  }
}
