package dev.claviger.image.oci;

import dev.claviger.core.MalformedInputException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where an image is: in a registry ({@code docker://host/repo:tag}) or in an OCI layout directory
 * ({@code oci:DIR[:tag]}), spelled as skopeo spells transports.
 */
public sealed interface ImageLocation {
  /** An image in a registry, accessed with {@code client}. */
  record Registry(RegistryClient client, ImageReference ref) implements ImageLocation {
    public Registry {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(ref, "ref");
    }

    @Override
    public String toString() {
      return "docker://" + ref;
    }
  }

  /** An image in an OCI layout, named by its {@code ref.name} tag (empty: the only image). */
  record Layout(OciLayout layout, String tag) implements ImageLocation {
    public Layout {
      Objects.requireNonNull(layout, "layout");
      Objects.requireNonNull(tag, "tag");
      if (!tag.isEmpty()) {
        OciLayout.checkRef(tag);
      }
    }

    @Override
    public String toString() {
      return "oci:" + layout.dir() + (tag.isEmpty() ? "" : ":" + tag);
    }
  }

  /** A parsed transport string, not yet bound to a client or an opened layout. */
  sealed interface Spec {}

  /** {@code docker://REF}. */
  record RegistrySpec(ImageReference ref) implements Spec {}

  /** {@code oci:DIR[:tag]} (the directory may not contain ':', as in skopeo). */
  record LayoutSpec(Path dir, String tag) implements Spec {}

  /** Parses {@code docker://REF} or {@code oci:DIR[:tag]}. */
  static Spec parse(String text) throws MalformedInputException {
    Objects.requireNonNull(text, "text");
    if (text.startsWith("docker://")) {
      return new RegistrySpec(ImageReference.parse(text.substring("docker://".length())));
    }
    if (text.startsWith("oci:")) {
      String rest = text.substring(4);
      int colon = rest.indexOf(':');
      String dir = colon < 0 ? rest : rest.substring(0, colon);
      String tag = colon < 0 ? "" : rest.substring(colon + 1);
      if (dir.isEmpty()) {
        throw new MalformedInputException("oci: location needs a directory: " + text);
      }
      if (!tag.isEmpty()) {
        try {
          OciLayout.checkRef(tag);
        } catch (IllegalArgumentException e) {
          throw new MalformedInputException(e.getMessage());
        }
      }
      return new LayoutSpec(Path.of(dir), tag);
    }
    throw new MalformedInputException(
        "unsupported image location (use docker://REF or oci:DIR[:tag]): " + text);
  }
}
