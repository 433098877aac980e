package dev.claviger.agent;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A KBS resource address {@code <repository>/<type>/<tag>}, as in {@code kbs:///repo/type/tag}.
 * Each segment must match the upstream KBS rule {@code [A-Za-z0-9_-][A-Za-z0-9_.-]*}, which also
 * rules out {@code .} and {@code ..}.
 */
public record ResourcePath(String repository, String type, String tag) {

  /** Longest text {@link #parse} looks at; three maximal segments plus a host fit easily. */
  public static final int MAX_TEXT_LENGTH = 2048;

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,254}");
  // A host[:port] as it appears in a kbs:// authority; no user info, no percent-encoding.
  private static final Pattern HOST =
      Pattern.compile("(\\[[0-9A-Fa-f:.]{2,45}\\]|[A-Za-z0-9][A-Za-z0-9.-]{0,252})(:[0-9]{1,5})?");
  private static final String RESOURCE_PLUGIN = "resource";

  public ResourcePath {
    check("repository", repository);
    check("type", type);
    check("tag", tag);
  }

  /**
   * Parses the forms upstream's {@code normalize_path} (coco_keyprovider) and {@code ResourceUri}
   * accept: {@code kbs:///r/t/g}, {@code kbs://host[:port]/r/t/g}, {@code kbs+resource://...},
   * {@code /r/t/g}, {@code host/r/t/g} and the bare {@code r/t/g}. The host only says which KBS
   * to ask; like upstream, the client talks to its configured KBS and ignores it. Queries,
   * fragments, empty segments, {@code ..} and other {@code kbs+<plugin>} schemes are rejected.
   *
   * @throws IllegalArgumentException with a message naming the problem
   */
  public static ResourcePath parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_TEXT_LENGTH) {
      throw new IllegalArgumentException(
          "resource path longer than " + MAX_TEXT_LENGTH + " characters");
    }
    if (text.indexOf('?') >= 0 || text.indexOf('#') >= 0) {
      throw new IllegalArgumentException(
          "resource path must not have a query or fragment: '" + text + "'");
    }
    int scheme = text.indexOf("://");
    String path = scheme >= 0 ? afterAuthority(text, scheme) : withoutLeadingHost(text);
    String[] parts = path.split("/", -1);
    if (parts.length != 3) {
      throw new IllegalArgumentException(
          "resource path must be <repository>/<type>/<tag>, got '" + text + "'");
    }
    return new ResourcePath(parts[0], parts[1], parts[2]);
  }

  /** {@code kbs:///repository/type/tag}. */
  public String toUri() {
    return "kbs:///" + this;
  }

  private static String afterAuthority(String text, int schemeEnd) {
    String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (scheme.startsWith("kbs+") && !scheme.equals("kbs+" + RESOURCE_PLUGIN)) {
      throw new IllegalArgumentException(
          "'" + scheme + "' names a KBS plugin, not the resource store: '" + text + "'");
    }
    if (!scheme.equals("kbs") && !scheme.equals("kbs+" + RESOURCE_PLUGIN)) {
      throw new IllegalArgumentException("scheme must be kbs, got '" + text + "'");
    }
    String rest = text.substring(schemeEnd + 3);
    int slash = rest.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("resource URI has no path: '" + text + "'");
    }
    String host = rest.substring(0, slash);
    if (!host.isEmpty()) {
      checkHost(host, text);
    }
    return rest.substring(slash + 1);
  }

  private static String withoutLeadingHost(String text) {
    if (text.startsWith("/")) {
      return text.substring(1);
    }
    int slashes = (int) text.chars().filter(c -> c == '/').count();
    if (slashes == 3) {
      int slash = text.indexOf('/');
      checkHost(text.substring(0, slash), text);
      return text.substring(slash + 1);
    }
    return text;
  }

  private static void checkHost(String host, String text) {
    if (!HOST.matcher(host).matches()) {
      throw new IllegalArgumentException("invalid KBS address '" + host + "' in '" + text + "'");
    }
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
