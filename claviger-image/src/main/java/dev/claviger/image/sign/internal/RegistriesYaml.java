package dev.claviger.image.sign.internal;

import dev.claviger.core.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** One registries.d YAML file, read with SnakeYAML's safe constructor and tight limits. */
public final class RegistriesYaml {
  private static final int MAX_NAMESPACES = 4096;

  /** One namespace's settings (empty strings of the YAML become absent). */
  public record Namespace(Optional<String> lookaside, Optional<String> lookasideStaging,
      Optional<String> sigstore, Optional<String> sigstoreStaging,
      Optional<Boolean> useSigstoreAttachments) {

    /** The URL for reading or writing: staging keys first when writing, new names before legacy. */
    public Optional<String> topLevel(boolean write) {
      if (write) {
        if (lookasideStaging.isPresent()) {
          return lookasideStaging;
        }
        if (sigstoreStaging.isPresent()) {
          return sigstoreStaging;
        }
      }
      return lookaside.isPresent() ? lookaside : sigstore;
    }
  }

  /** The {@code default-docker} and {@code docker} sections of one file. */
  public record Parsed(Optional<Namespace> defaultDocker, Map<String, Namespace> docker) {}

  private RegistriesYaml() {}

  public static Parsed parse(byte[] yaml, String file) throws MalformedInputException {
    LoaderOptions opts = new LoaderOptions();
    opts.setMaxAliasesForCollections(20);
    opts.setNestingDepthLimit(16);
    opts.setCodePointLimit(1024 * 1024);
    opts.setAllowDuplicateKeys(false);
    Object doc;
    try {
      doc = new Yaml(new SafeConstructor(opts)).load(new String(yaml, StandardCharsets.UTF_8));
    } catch (RuntimeException e) {
      throw new MalformedInputException("parsing " + file + ": not valid YAML ("
          + e.getClass().getSimpleName() + ")");
    }
    if (doc == null) {
      return new Parsed(Optional.empty(), Map.of());
    }
    if (!(doc instanceof Map<?, ?> root)) {
      throw new MalformedInputException("parsing " + file + ": top level must be a mapping");
    }
    Optional<Namespace> def = Optional.empty();
    if (root.get("default-docker") != null) {
      def = Optional.of(namespace(root.get("default-docker"), file, "default-docker"));
    }
    Map<String, Namespace> docker = new HashMap<>();
    Object d = root.get("docker");
    if (d != null) {
      if (!(d instanceof Map<?, ?> scopes)) {
        throw new MalformedInputException("parsing " + file + ": \"docker\" must be a mapping");
      }
      if (scopes.size() > MAX_NAMESPACES) {
        throw new MalformedInputException("parsing " + file + ": too many namespaces");
      }
      for (Map.Entry<?, ?> e : scopes.entrySet()) {
        String scope = String.valueOf(e.getKey());
        docker.put(scope, namespace(e.getValue(), file, scope));
      }
    }
    return new Parsed(def, docker);
  }

  private static Namespace namespace(Object o, String file, String where)
      throws MalformedInputException {
    if (o == null) {
      return new Namespace(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
          Optional.empty());
    }
    if (!(o instanceof Map<?, ?> m)) {
      throw new MalformedInputException("parsing " + file + ": " + where + " must be a mapping");
    }
    Object use = m.get("use-sigstore-attachments");
    if (use != null && !(use instanceof Boolean)) {
      throw new MalformedInputException(
          "parsing " + file + ": " + where + ".use-sigstore-attachments must be a boolean");
    }
    return new Namespace(str(m, "lookaside", file, where), str(m, "lookaside-staging", file, where),
        str(m, "sigstore", file, where), str(m, "sigstore-staging", file, where),
        Optional.ofNullable((Boolean) use));
  }

  private static Optional<String> str(Map<?, ?> m, String key, String file, String where)
      throws MalformedInputException {
    Object v = m.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      throw new MalformedInputException("parsing " + file + ": " + where + "." + key + " must be a string");
    }
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }
}
