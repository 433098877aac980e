package dev.claviger.image.oci;

import java.util.List;
import java.util.Objects;

/**
 * An image platform as in an index entry or a config: {@code os}, {@code architecture}, and the
 * optional {@code variant}, {@code os.version} and {@code os.features} (empty string / empty list
 * when absent).
 */
public record Platform(
    String os, String architecture, String variant, String osVersion, List<String> osFeatures) {
  /** The default a Confidential Containers guest pulls. */
  public static final Platform LINUX_AMD64 = of("linux", "amd64");

  public Platform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    variant = variant == null ? "" : variant;
    osVersion = osVersion == null ? "" : osVersion;
    osFeatures = osFeatures == null ? List.of() : List.copyOf(osFeatures);
  }

  public static Platform of(String os, String architecture) {
    return new Platform(os, architecture, "", "", List.of());
  }

  /** Parses {@code os/arch[/variant]}, e.g. {@code linux/arm64/v8}. */
  public static Platform parse(String text) {
    String[] p = Objects.requireNonNull(text, "text").split("/", -1);
    if (p.length < 2 || p.length > 3 || p[0].isEmpty() || p[1].isEmpty()
        || (p.length == 3 && p[2].isEmpty())) {
      throw new IllegalArgumentException("platform must be os/arch[/variant]: " + text);
    }
    return new Platform(p[0], p[1], p.length == 3 ? p[2] : "", "", List.of());
  }

  /**
   * True when {@code candidate} can serve a request for this platform: os and architecture equal,
   * and the variant equal when this one names a variant (arm64 entries often omit "v8").
   */
  public boolean accepts(Platform candidate) {
    if (!os.equals(candidate.os) || !architecture.equals(candidate.architecture)) {
      return false;
    }
    return variant.isEmpty() || variant.equals(candidate.variant)
        || (candidate.variant.isEmpty() && "arm64".equals(architecture) && "v8".equals(variant));
  }

  @Override
  public String toString() {
    return os + "/" + architecture + (variant.isEmpty() ? "" : "/" + variant);
  }
}
