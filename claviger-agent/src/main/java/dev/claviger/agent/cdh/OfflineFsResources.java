package dev.claviger.agent.cdh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claviger.agent.ResourcePath;
import dev.claviger.agent.cdh.internal.JsonFields;
import dev.claviger.core.SecretBytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Upstream's {@code offline_fs_kbc}: resources provisioned into the guest image as JSON files
 * {@code {"repo/type/tag": "<std base64>", ...}}, for guests that cannot reach a KBS. Files are
 * read once, at {@link #load}; a missing file is skipped (as upstream), a malformed one fails the
 * load. Later files override earlier ones.
 *
 * <p>Nothing here is attested: whoever builds the image chooses these secrets. Thread-safe.
 */
public final class OfflineFsResources implements ResourceSource {
  /** Upstream's fixed files, read in this order. */
  public static final List<Path> DEFAULT_FILES =
      List.of(
          Path.of("/etc/aa-offline_fs_kbc-keys.json"),
          Path.of("/etc/aa-offline_fs_kbc-resources.json"));
  /** Comma-separated extra files, read after {@link #DEFAULT_FILES}. */
  public static final String EXTRA_FILES_ENV = "OFFLINE_FS_KBC_EXTRA_FILE_PATH";
  /** Largest file read. */
  public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;

  private static final ObjectMapper MAPPER = JsonFields.mapper(MAX_FILE_BYTES);

  private final Map<ResourcePath, SecretBytes> resources;

  private OfflineFsResources(Map<ResourcePath, SecretBytes> resources) {
    this.resources = Map.copyOf(resources);
  }

  /** The files upstream reads, given the process environment. */
  public static List<Path> defaultFiles(Map<String, String> env) {
    List<Path> files = new ArrayList<>(DEFAULT_FILES);
    String extra = env.get(EXTRA_FILES_ENV);
    if (extra != null) {
      for (String p : extra.split(",")) {
        if (!p.isBlank()) {
          files.add(Path.of(p.strip()));
        }
      }
    }
    return files;
  }

  /**
   * Reads {@code files} in order. MALFORMED for a file that is not a JSON object of resource paths
   * to std-base64 strings, IO for one that exists but cannot be read.
   */
  public static OfflineFsResources load(List<Path> files) throws CdhException {
    Map<ResourcePath, SecretBytes> all = new HashMap<>();
    for (Path file : files) {
      byte[] bytes = readIfPresent(Objects.requireNonNull(file, "file"));
      if (bytes != null) {
        try {
          addAll(all, bytes, file);
        } finally {
          Arrays.fill(bytes, (byte) 0);
        }
      }
    }
    return new OfflineFsResources(all);
  }

  @Override
  public SecretBytes get(ResourcePath path) throws CdhException {
    SecretBytes value = resources.get(Objects.requireNonNull(path, "path"));
    if (value == null) {
      throw new CdhException(
          CdhException.Kind.RESOURCE_UNAVAILABLE, "offline-fs: resource not found " + path);
    }
    return SecretBytes.copyOf(value.toByteArray());
  }

  /** How many resources were loaded. */
  public int size() {
    return resources.size();
  }

  private static byte[] readIfPresent(Path file) throws CdhException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw JsonFields.malformed("offline-fs: " + file + " exceeds " + MAX_FILE_BYTES + " bytes");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new CdhException(CdhException.Kind.IO, "offline-fs: cannot read " + file, e);
    }
  }

  private static void addAll(Map<ResourcePath, SecretBytes> into, byte[] json, Path file)
      throws CdhException {
    String what = "offline-fs file " + file;
    JsonNode root = JsonFields.parseObject(MAPPER, json, MAX_FILE_BYTES, what);
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ResourcePath path;
      try {
        path = ResourcePath.parse(e.getKey());
      } catch (IllegalArgumentException ex) {
        throw JsonFields.malformed(what + ": " + ex.getMessage());
      }
      if (!e.getValue().isTextual()) {
        throw JsonFields.malformed(what + ": value of '" + e.getKey() + "' must be a string");
      }
      byte[] value = JsonFields.base64Std(e.getValue().textValue(), what + " '" + e.getKey() + "'");
      SecretBytes previous = into.put(path, SecretBytes.wrapOwned(value));
      if (previous != null) {
        previous.destroy();
      }
    }
  }

  @Override
  public String toString() {
    return "OfflineFsResources[" + resources.size() + " resources]";
  }
}
