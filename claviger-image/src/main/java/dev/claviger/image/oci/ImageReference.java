package dev.claviger.image.oci;

import dev.claviger.core.MalformedInputException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A normalised Docker image reference ({@code [registry/]repository[:tag][@digest]}) following
 * the grammar of distribution/reference: the registry is the first path component only if it
 * contains {@code .} or {@code :} or is {@code localhost}; otherwise it is {@code docker.io}, where
 * a single-component repository gets the {@code library/} prefix. With neither tag nor digest the
 * tag is {@code latest}; with a digest and no tag, {@link #tag()} is empty.
 *
 * @param registry host[:port] ({@code docker.io} for Docker Hub)
 * @param repository path inside the registry, e.g. {@code library/busybox}
 * @param tag the tag, or empty when only a digest was given
 * @param digest the pinned manifest digest, if any (it wins over the tag when pulling)
 */
public record ImageReference(String registry, String repository, String tag,
    Optional<Digest> digest) {
  public static final String DOCKER_HUB = "docker.io";
  /** The host that actually serves Docker Hub's registry API. */
  public static final String DOCKER_HUB_API = "registry-1.docker.io";
  private static final int NAME_MAX = 255;
  private static final Pattern PATH_COMPONENT =
      Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
  private static final Pattern DOMAIN = Pattern.compile(
      "(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
          + "(?:\\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*"
          + "|\\[[a-fA-F0-9:]+\\])(?::[0-9]{1,5})?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

  public ImageReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(repository, "repository");
    Objects.requireNonNull(tag, "tag");
    Objects.requireNonNull(digest, "digest");
    if (!DOMAIN.matcher(registry).matches()) {
      throw new IllegalArgumentException("invalid registry: " + registry);
    }
    for (String c : repository.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(c).matches()) {
        throw new IllegalArgumentException("invalid repository: " + repository);
      }
    }
    if (registry.length() + 1 + repository.length() > NAME_MAX) {
      throw new IllegalArgumentException("repository name longer than " + NAME_MAX);
    }
    if (!tag.isEmpty() && !TAG.matcher(tag).matches()) {
      throw new IllegalArgumentException("invalid tag: " + tag);
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      throw new IllegalArgumentException("a reference needs a tag or a digest");
    }
  }

  /** Parses and normalises a reference (docker.io and library/ defaults, tag latest). */
  public static ImageReference parse(String text) throws MalformedInputException {
    if (text == null || text.isEmpty()) {
      throw new MalformedInputException("image reference is empty");
    }
    if (text.length() > NAME_MAX + 1 + 128 + 1 + 7 + 128) {
      throw new MalformedInputException("image reference is too long");
    }
    String rest = text;
    Optional<Digest> digest = Optional.empty();
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = Optional.of(Digest.parse(rest.substring(at + 1)));
      rest = rest.substring(0, at);
    }
    String tag = "";
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new MalformedInputException("invalid tag '" + tag + "' in " + text);
      }
    }
    if (HEX64.matcher(rest).matches()) {
      throw new MalformedInputException(
          "invalid repository name (64 hex characters look like an image ID): " + text);
    }
    String registry = DOCKER_HUB;
    String repository = rest;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")
          || !first.equals(first.toLowerCase(java.util.Locale.ROOT))) {
        registry = first;
        repository = rest.substring(slash + 1);
      }
    }
    if (registry.equals("index.docker.io")) {
      registry = DOCKER_HUB;
    }
    if (registry.equals(DOCKER_HUB) && !repository.contains("/")) {
      repository = "library/" + repository;
    }
    if (!DOMAIN.matcher(registry).matches()) {
      throw new MalformedInputException("invalid registry '" + registry + "' in " + text);
    }
    if (repository.isEmpty()) {
      throw new MalformedInputException("image reference has no repository: " + text);
    }
    for (String c : repository.split("/", -1)) {
      if (!PATH_COMPONENT.matcher(c).matches()) {
        throw new MalformedInputException("invalid repository '" + repository
            + "' (lowercase letters, digits and . _ __ - separators only) in " + text);
      }
    }
    if (registry.length() + 1 + repository.length() > NAME_MAX) {
      throw new MalformedInputException("repository name longer than " + NAME_MAX + ": " + text);
    }
    if (tag.isEmpty() && digest.isEmpty()) {
      tag = "latest";
    }
    return new ImageReference(registry, repository, tag, digest);
  }

  /** {@code registry/repository}, without tag or digest. */
  public String name() {
    return registry + "/" + repository;
  }

  /** The host[:port] to contact for the registry API. */
  public String apiHost() {
    return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
  }

  /** What goes after {@code /manifests/}: the digest when pinned, else the tag. */
  public String manifestReference() {
    return digest.map(Digest::toString).orElse(tag);
  }

  public ImageReference withTag(String newTag) {
    return new ImageReference(registry, repository, newTag, digest);
  }

  /** Pins this reference to a digest (the tag is kept for display). */
  public ImageReference withDigest(Digest d) {
    return new ImageReference(registry, repository, tag, Optional.of(d));
  }

  /** Same repository, another manifest (digest only). */
  public ImageReference atDigest(Digest d) {
    return new ImageReference(registry, repository, "", Optional.of(d));
  }

  /** Another repository in the same registry, same tag/digest. */
  public ImageReference inRepository(String newRepository) {
    return new ImageReference(registry, newRepository, tag, digest);
  }

  /** Canonical form: {@code registry/repository[:tag][@digest]}. */
  @Override
  public String toString() {
    return name() + (tag.isEmpty() ? "" : ":" + tag) + digest.map(d -> "@" + d).orElse("");
  }
}
