package dev.claviger.agent;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A KBS resource address {@code <repository>/<type>/<tag>}, as in {@code kbs:///repo/type/tag}.
 * Each segment must match the upstream KBS rule {@code [A-Za-z0-9_-][A-Za-z0-9_.-]*}.
 */
public record ResourcePath(String repository, String type, String tag) {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,254}");
  private static final String KBS_SCHEME = "kbs:///";

  public ResourcePath {
    check("repository", repository);
    check("type", type);
    check("tag", tag);
  }

  /** Parses {@code repo/type/tag} or {@code kbs:///repo/type/tag}. */
  public static ResourcePath parse(String text) {
    Objects.requireNonNull(text, "text");
    String path = text.startsWith(KBS_SCHEME) ? text.substring(KBS_SCHEME.length()) : text;
    String[] parts = path.split("/", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "resource path must be <repository>/<type>/<tag>, got '" + text + "'");
    }
    return new ResourcePath(parts[0], parts[1], parts[2]);
  }

  private static void check(String what, String segment) {
    Objects.requireNonNull(segment, what);
    if (!SEGMENT.matcher(segment).matches()) {
      throw new IllegalArgumentException("invalid resource " + what + " segment '" + segment + "'");
    }
  }

  @Override
  public String toString() {
    return repository + "/" + type + "/" + tag;
  }
}
