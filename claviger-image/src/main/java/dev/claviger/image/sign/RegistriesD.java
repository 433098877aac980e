package dev.claviger.image.sign;

import dev.claviger.core.MalformedInputException;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.sign.internal.DockerName;
import dev.claviger.image.sign.internal.RegistriesYaml;
import dev.claviger.image.sign.internal.RegistriesYaml.Namespace;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * containers-registries.d(5): where simple signatures live. Each {@code *.yaml} file of the
 * directory may hold {@code default-docker:} and {@code docker: {<scope>: ...}} with {@code
 * lookaside} (read; legacy {@code sigstore}), {@code lookaside-staging} (write; legacy {@code
 * sigstore-staging}) and {@code use-sigstore-attachments}. A scope defined in two files is an error,
 * as in containers/image. The most specific scope with a value wins: the image's full reference,
 * its repository, parent namespaces, the host, {@code *.domain} wildcards, then {@code
 * default-docker}.
 *
 * <p>Deliberate difference: with no matching configuration there is no lookaside at all (rather
 * than containers/image's built-in {@code file:///var/lib/containers/sigstore}), so a missing
 * configuration makes signed-by policies fail as UNSIGNED instead of reading a host directory.
 */
public final class RegistriesD {
  static final int MAX_FILES = 256;
  static final int MAX_FILE_BYTES = 1024 * 1024;

  private final Optional<Namespace> defaultDocker;
  private final Map<String, Namespace> docker;

  private RegistriesD(Optional<Namespace> defaultDocker, Map<String, Namespace> docker) {
    this.defaultDocker = defaultDocker;
    this.docker = Map.copyOf(docker);
  }

  /** An empty configuration (no lookaside anywhere). */
  public static RegistriesD empty() {
    return new RegistriesD(Optional.empty(), Map.of());
  }

  /** Loads every {@code *.yaml} in the directory (in name order); a missing directory is empty. */
  public static RegistriesD load(Path dir) throws IOException, MalformedInputException {
    Map<String, byte[]> files = new TreeMap<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.yaml")) {
      for (Path p : ds) {
        if (files.size() == MAX_FILES) {
          throw new MalformedInputException("more than " + MAX_FILES + " files in " + dir);
        }
        try (InputStream in = Files.newInputStream(p)) {
          byte[] b = in.readNBytes(MAX_FILE_BYTES + 1);
          if (b.length > MAX_FILE_BYTES) {
            throw new MalformedInputException(p + " is larger than " + MAX_FILE_BYTES + " bytes");
          }
          files.put(p.getFileName().toString(), b);
        }
      }
    } catch (NoSuchFileException e) {
      return empty();
    }
    return parse(files);
  }

  /** Merges YAML documents keyed by file name (for messages). */
  public static RegistriesD parse(Map<String, byte[]> files) throws MalformedInputException {
    Optional<Namespace> def = Optional.empty();
    String defFrom = null;
    Map<String, Namespace> docker = new HashMap<>();
    Map<String, String> from = new HashMap<>();
    for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
      RegistriesYaml.Parsed p = RegistriesYaml.parse(f.getValue(), f.getKey());
      if (p.defaultDocker().isPresent()) {
        if (def.isPresent()) {
          throw new MalformedInputException("\"default-docker\" defined both in " + defFrom
              + " and " + f.getKey());
        }
        def = p.defaultDocker();
        defFrom = f.getKey();
      }
      for (Map.Entry<String, Namespace> ns : p.docker().entrySet()) {
        if (docker.containsKey(ns.getKey())) {
          throw new MalformedInputException("\"docker\" namespace " + ns.getKey()
              + " defined both in " + from.get(ns.getKey()) + " and " + f.getKey());
        }
        docker.put(ns.getKey(), ns.getValue());
        from.put(ns.getKey(), f.getKey());
      }
    }
    return new RegistriesD(def, docker);
  }

  /**
   * The lookaside directory URL of the image's repository ({@code <base>/<repository path>}), for
   * reading ({@code write == false}) or writing (staging location preferred); empty when nothing is
   * configured for it.
   *
   * @throws MalformedInputException when the configured value is not a valid URL
   */
  public Optional<URI> lookasideBase(ImageReference image, boolean write)
      throws MalformedInputException {
    Objects.requireNonNull(image, "image");
    Optional<String> top = Optional.empty();
    for (String scope : scopes(image)) {
      Namespace ns = docker.get(scope);
      if (ns != null && (top = ns.topLevel(write)).isPresent()) {
        break;
      }
    }
    if (top.isEmpty() && defaultDocker.isPresent()) {
      top = defaultDocker.get().topLevel(write);
    }
    if (top.isEmpty()) {
      return Optional.empty();
    }
    try {
      URI base = new URI(top.get());
      String path = (base.getPath() == null ? "" : base.getPath()) + "/" + image.repository();
      return Optional.of(new URI(base.getScheme(), base.getAuthority(), path, null, null));
    } catch (URISyntaxException e) {
      throw new MalformedInputException("invalid signature storage URL " + top.get());
    }
  }

  /** {@code use-sigstore-attachments} for the image's most specific scope (false when unset). */
  public boolean useSigstoreAttachments(ImageReference image) {
    for (String scope : scopes(image)) {
      Namespace ns = docker.get(scope);
      if (ns != null && ns.useSigstoreAttachments().isPresent()) {
        return ns.useSigstoreAttachments().get();
      }
    }
    return defaultDocker.flatMap(Namespace::useSigstoreAttachments).orElse(false);
  }

  private static List<String> scopes(ImageReference image) {
    String text = image.registry() + "/" + image.repository()
        + (image.tag().isEmpty() ? "@" + image.digest().orElseThrow() : ":" + image.tag());
    DockerName name = DockerName.parse(text);
    List<String> out = new ArrayList<>();
    out.add(name.policyIdentity());
    out.addAll(name.policyNamespaces());
    return out;
  }
}
