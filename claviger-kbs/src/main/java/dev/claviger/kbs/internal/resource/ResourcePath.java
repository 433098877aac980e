package dev.claviger.kbs.internal.resource;

import dev.claviger.kbs.internal.error.ErrorType;
import dev.claviger.kbs.internal.error.KbsException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A resource descriptor {@code <repo>/<type>/<tag>}. Each segment must match upstream's
 * {@code [A-Za-z0-9_-][A-Za-z0-9_.-]*}, which already excludes empty segments, {@code .} and
 * {@code ..}; we also cap each segment at 255 characters.
 */
public record ResourcePath(String repository, String type, String tag) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,254}");

  public ResourcePath {
    for (String s : List.of(repository, type, tag)) {
      if (!SEGMENT.matcher(s).matches()) {
        throw new IllegalArgumentException("invalid resource path segment");
      }
    }
  }

  /** Parses the segments after {@code /kbs/v0/resource/}. */
  public static ResourcePath parse(List<String> segments) throws KbsException {
    if (segments.size() != 3) {
      throw invalid("a resource path is <repository>/<type>/<tag>, got " + segments.size() + " segments");
    }
    for (String s : segments) {
      if (!SEGMENT.matcher(s).matches()) {
        throw invalid("invalid resource path segment '" + shown(s) + "'");
      }
    }
    return new ResourcePath(segments.get(0), segments.get(1), segments.get(2));
  }

  /** {@code repo/type/tag}: the storage key and the KMS AAD. */
  @Override
  public String toString() {
    return repository + "/" + type + "/" + tag;
  }

  /** As the resource policy sees it: {@code data["resource-path"]}. */
  public List<String> segments() {
    return List.of(repository, type, tag);
  }

  private static KbsException invalid(String detail) {
    return new KbsException(ErrorType.INVALID_REQUEST_PATH, "Invalid request path: " + detail);
  }

  private static String shown(String s) {
    String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
