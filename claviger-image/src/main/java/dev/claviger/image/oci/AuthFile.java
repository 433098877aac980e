package dev.claviger.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Credentials from a containers {@code auth.json} or Docker {@code config.json}:
 * {@code {"auths":{"<key>":{"auth":"base64(user:password)"}}}}. A key is a registry
 * ({@code host[:port]}, optionally with an {@code http(s)://} prefix and path as Docker writes
 * {@code https://index.docker.io/v1/}) or a registry/namespace; the most specific key wins, as in
 * containers-auth.json(5). Credential helpers and identity tokens are not supported (entries
 * using only those are ignored).
 */
public final class AuthFile implements CredentialProvider {
  private static final long MAX_BYTES = 1024 * 1024;
  private final Map<String, RegistryCredentials> entries;

  private AuthFile(Map<String, RegistryCredentials> entries) {
    this.entries = Map.copyOf(entries);
  }

  /** Reads an auth file. */
  public static AuthFile load(Path file) throws IOException {
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException("auth file " + file + " is larger than " + MAX_BYTES + " bytes");
    }
    try {
      return parse(Files.readAllBytes(file));
    } catch (MalformedInputException e) {
      throw new IOException("malformed auth file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Parses auth file content. */
  public static AuthFile parse(byte[] json) throws MalformedInputException {
    JsonNode root = Json.parse(json);
    JsonNode auths = root.path("auths");
    if (!auths.isMissingNode() && !auths.isObject()) {
      throw new MalformedInputException("'auths' must be an object");
    }
    Map<String, RegistryCredentials> out = new HashMap<>();
    for (var it = auths.fields(); it.hasNext(); ) {
      var e = it.next();
      JsonNode auth = e.getValue().path("auth");
      if (!auth.isTextual() || auth.asText().isEmpty()) {
        continue;
      }
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.asText()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException bad) {
        throw new MalformedInputException("auths." + e.getKey() + ".auth is not base64");
      }
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        throw new MalformedInputException("auths." + e.getKey() + ".auth is not user:password");
      }
      out.put(normalizeKey(e.getKey()), RegistryCredentials.parse(decoded));
    }
    return new AuthFile(out);
  }

  /**
   * The first auth file that exists among {@code $REGISTRY_AUTH_FILE},
   * {@code $XDG_RUNTIME_DIR/containers/auth.json}, {@code ~/.config/containers/auth.json} and
   * {@code ~/.docker/config.json}; empty when none.
   */
  public static Optional<Path> discover(Map<String, String> env) {
    List<Path> candidates = new ArrayList<>();
    if (env.get("REGISTRY_AUTH_FILE") != null) {
      candidates.add(Path.of(env.get("REGISTRY_AUTH_FILE")));
    }
    if (env.get("XDG_RUNTIME_DIR") != null) {
      candidates.add(Path.of(env.get("XDG_RUNTIME_DIR"), "containers", "auth.json"));
    }
    if (env.get("HOME") != null) {
      candidates.add(Path.of(env.get("HOME"), ".config", "containers", "auth.json"));
      candidates.add(Path.of(env.get("HOME"), ".docker", "config.json"));
    }
    return candidates.stream().filter(Files::isRegularFile).findFirst();
  }

  /** Docker writes URLs as keys; containers writes host[/namespace]. */
  private static String normalizeKey(String key) {
    String k = key;
    if (k.startsWith("https://")) {
      k = k.substring(8);
    } else if (k.startsWith("http://")) {
      k = k.substring(7);
    }
    if (k.startsWith("index.docker.io/v1") || k.equals("index.docker.io")
        || k.equals("registry-1.docker.io")) {
      return ImageReference.DOCKER_HUB;
    }
    while (k.endsWith("/")) {
      k = k.substring(0, k.length() - 1);
    }
    return k;
  }

  @Override
  public Optional<RegistryCredentials> credentialsFor(String registry, String repository) {
    String path = registry + "/" + repository;
    while (true) {
      RegistryCredentials c = entries.get(path);
      if (c != null) {
        return Optional.of(c);
      }
      int slash = path.lastIndexOf('/');
      if (slash < 0) {
        return Optional.empty();
      }
      path = path.substring(0, slash);
    }
  }

  @Override
  public String toString() {
    return "AuthFile[" + entries.size() + " entries]";
  }
}
