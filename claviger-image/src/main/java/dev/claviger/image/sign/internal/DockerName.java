package dev.claviger.image.sign.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A Docker reference normalised as containers/image's {@code reference.ParseNormalizedNamed} does
 * (docker.io and {@code library/} defaults), keeping whether a tag and/or digest was given: the
 * signedIdentity rules distinguish name-only, tagged and digested references, so no {@code :latest}
 * is ever added here.
 *
 * @param domain registry host with optional port, e.g. {@code docker.io}, {@code 127.0.0.1:5000}
 * @param path repository path below the domain, e.g. {@code library/busybox}
 * @param tag the tag, if any
 * @param digest the digest {@code algorithm:hex}, if any
 */
public record DockerName(String domain, String path, Optional<String> tag, Optional<String> digest) {
  private static final int MAX_NAME = 255;
  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|-+)";
  private static final Pattern PATH_COMPONENT =
      Pattern.compile(ALNUM + "(?:" + SEPARATOR + ALNUM + ")*");
  private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final Pattern DOMAIN = Pattern.compile(
      "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST = Pattern.compile(
      "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}");
  private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

  public DockerName {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(digest, "digest");
  }

  /**
   * Parses and normalises a reference.
   *
   * @throws IllegalArgumentException with a description when the text is not a valid reference
   */
  public static DockerName parse(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isEmpty() || text.length() > 4096) {
      throw new IllegalArgumentException("reference is empty or too long");
    }
    if (HEX64.matcher(text).matches()) {
      throw new IllegalArgumentException("a 64-hex image ID is not a reference");
    }
    String rest = text;
    Optional<String> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      String d = rest.substring(at + 1);
      if (!DIGEST.matcher(d).matches()) {
        throw new IllegalArgumentException("invalid digest in reference");
      }
      digest = Optional.of(d);
      rest = rest.substring(0, at);
    }
    Optional<String> tag = Optional.empty();
    int slash = rest.lastIndexOf('/');
    int colon = rest.lastIndexOf(':');
    if (colon > slash) {
      String t = rest.substring(colon + 1);
      if (!TAG.matcher(t).matches()) {
        throw new IllegalArgumentException("invalid tag in reference");
      }
      tag = Optional.of(t);
      rest = rest.substring(0, colon);
    }
    return normalise(rest, tag, digest);
  }

  private static DockerName normalise(String name, Optional<String> tag, Optional<String> digest) {
    String domain;
    String path;
    int i = name.indexOf('/');
    String first = i < 0 ? "" : name.substring(0, i);
    if (i < 0 || (!first.contains(".") && !first.contains(":") && !first.equals("localhost")
        && first.toLowerCase(Locale.ROOT).equals(first))) {
      domain = "docker.io";
      path = name;
    } else {
      domain = first;
      path = name.substring(i + 1);
    }
    if (domain.equals("index.docker.io")) {
      domain = "docker.io";
    }
    if (domain.equals("docker.io") && !path.contains("/")) {
      path = "library/" + path;
    }
    if (!DOMAIN.matcher(domain).matches()) {
      throw new IllegalArgumentException("invalid registry host in reference");
    }
    for (String component : path.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(component).matches()) {
        throw new IllegalArgumentException(
            "invalid repository path (must be lower case, [a-z0-9] with . _ - separators)");
      }
    }
    if (domain.length() + 1 + path.length() > MAX_NAME) {
      throw new IllegalArgumentException("repository name longer than " + MAX_NAME);
    }
    return new DockerName(domain, path, tag, digest);
  }

  /** {@code domain/path}, without tag or digest. */
  public String name() {
    return domain + "/" + path;
  }

  public boolean isNameOnly() {
    return tag.isEmpty() && digest.isEmpty();
  }

  /** The full normalised form: {@code name[:tag][@digest]}. */
  @Override
  public String toString() {
    return name() + tag.map(t -> ":" + t).orElse("") + digest.map(d -> "@" + d).orElse("");
  }

  /**
   * The policy scope of exactly this image ({@code name:tag} or {@code name@digest}), as
   * containers/image's PolicyConfigurationIdentity.
   */
  public String policyIdentity() {
    if (tag.isPresent() && digest.isPresent()) {
      throw new IllegalStateException("reference has both a tag and a digest");
    }
    return toString();
  }

  /**
   * Less specific scopes, most specific first: the repository, each parent namespace up to the
   * host (with port), then {@code *.domain} wildcards of the host without port.
   */
  public List<String> policyNamespaces() {
    List<String> out = new ArrayList<>();
    String n = name();
    while (true) {
      out.add(n);
      int slash = n.lastIndexOf('/');
      if (slash < 0) {
        break;
      }
      n = n.substring(0, slash);
    }
    int port = n.indexOf(':');
    if (port >= 0 && !n.startsWith("[")) {
      n = n.substring(0, port);
    }
    int dot;
    while ((dot = n.indexOf('.')) >= 0) {
      n = n.substring(dot + 1);
      out.add("*." + n);
    }
    return out;
  }
}
