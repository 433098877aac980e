package dev.claviger.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.claviger.core.Json;
import dev.claviger.core.JsonLimits;
import dev.claviger.core.MalformedInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An image configuration blob (OCI {@code application/vnd.oci.image.config.v1+json} or the Docker
 * equivalent): the exact bytes with their digest, plus what a runtime needs. Members that do not
 * affect execution (history, container_config, ...) stay only in the bytes.
 */
public final class ImageConfig {
  /** Largest config accepted (large histories exist, but nothing near this). */
  public static final int MAX_BYTES = 8 * 1024 * 1024;
  private static final ObjectMapper MAPPER =
      Json.mapper(JsonLimits.DEFAULT.withMaxDocumentLength(MAX_BYTES));
  private static final int MAX_LIST = 65536;

  private final byte[] bytes;
  private final Digest digest;
  private final Platform platform;
  private final String created;
  private final RunConfig run;
  private final List<Digest> diffIds;

  /**
   * The process-related part of {@code config}. Empty lists/strings when absent.
   *
   * @param user {@code User}
   * @param env {@code Env} ({@code NAME=value} entries)
   * @param entrypoint {@code Entrypoint}
   * @param cmd {@code Cmd}
   * @param workingDir {@code WorkingDir}
   * @param labels {@code Labels}
   * @param stopSignal {@code StopSignal}
   */
  public record RunConfig(String user, List<String> env, List<String> entrypoint, List<String> cmd,
      String workingDir, Map<String, String> labels, String stopSignal) {
    public RunConfig {
      env = List.copyOf(env);
      entrypoint = List.copyOf(entrypoint);
      cmd = List.copyOf(cmd);
      labels = Map.copyOf(labels);
    }

    /** Entrypoint followed by Cmd: the argv the image runs by default. */
    public List<String> argv() {
      List<String> all = new ArrayList<>(entrypoint);
      all.addAll(cmd);
      return List.copyOf(all);
    }
  }

  private ImageConfig(byte[] bytes, Platform platform, String created, RunConfig run,
      List<Digest> diffIds) {
    this.bytes = bytes;
    this.digest = Digest.sha256(bytes);
    this.platform = platform;
    this.created = created;
    this.run = run;
    this.diffIds = List.copyOf(diffIds);
  }

  /** Parses and validates a config (architecture, os and rootfs.diff_ids are required). */
  public static ImageConfig parse(byte[] bytes) throws MalformedInputException {
    if (bytes == null || bytes.length > MAX_BYTES) {
      throw new MalformedInputException("image config missing or larger than " + MAX_BYTES);
    }
    JsonNode root = Json.parse(MAPPER, bytes);
    if (!root.isObject()) {
      throw new MalformedInputException("image config is not a JSON object");
    }
    String os = ManifestCodec.optString(root, "os");
    String arch = ManifestCodec.optString(root, "architecture");
    if (os.isEmpty() || arch.isEmpty()) {
      throw new MalformedInputException("image config needs os and architecture");
    }
    Platform platform = new Platform(os, arch, ManifestCodec.optString(root, "variant"),
        ManifestCodec.optString(root, "os.version"), List.of());
    JsonNode rootfs = root.get("rootfs");
    if (rootfs == null || !rootfs.isObject()
        || !"layers".equals(ManifestCodec.optString(rootfs, "type"))) {
      throw new MalformedInputException("image config needs rootfs of type \"layers\"");
    }
    List<Digest> diffIds = new ArrayList<>();
    for (String s : strings(rootfs, "diff_ids", "rootfs.diff_ids")) {
      try {
        diffIds.add(Digest.parse(s));
      } catch (MalformedInputException e) {
        throw new MalformedInputException("rootfs.diff_ids: " + e.getMessage());
      }
    }
    JsonNode c = root.get("config");
    RunConfig run = c == null || c.isNull()
        ? new RunConfig("", List.of(), List.of(), List.of(), "", Map.of(), "")
        : runConfig(c);
    return new ImageConfig(bytes.clone(), platform, ManifestCodec.optString(root, "created"), run,
        diffIds);
  }

  private static RunConfig runConfig(JsonNode c) throws MalformedInputException {
    if (!c.isObject()) {
      throw new MalformedInputException("image config 'config' is not an object");
    }
    return new RunConfig(ManifestCodec.optString(c, "User"), strings(c, "Env", "config.Env"),
        strings(c, "Entrypoint", "config.Entrypoint"), strings(c, "Cmd", "config.Cmd"),
        ManifestCodec.optString(c, "WorkingDir"),
        ManifestCodec.stringMap(c.get("Labels"), "config.Labels"),
        ManifestCodec.optString(c, "StopSignal"));
  }

  private static List<String> strings(JsonNode parent, String field, String where)
      throws MalformedInputException {
    JsonNode a = parent.get(field);
    if (a == null || a.isNull()) {
      return List.of();
    }
    if (!a.isArray() || a.size() > MAX_LIST) {
      throw new MalformedInputException(where + " must be an array of strings");
    }
    List<String> out = new ArrayList<>(a.size());
    for (JsonNode e : a) {
      if (!e.isTextual()) {
        throw new MalformedInputException(where + " must be an array of strings");
      }
      out.add(e.asText());
    }
    return out;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  public Digest digest() {
    return digest;
  }

  public Platform platform() {
    return platform;
  }

  /** The {@code created} timestamp as written (RFC 3339), empty when absent. */
  public String created() {
    return created;
  }

  public RunConfig run() {
    return run;
  }

  /** Digests of the uncompressed, unencrypted layer tars, in layer order. */
  public List<Digest> diffIds() {
    return diffIds;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageConfig c && Arrays.equals(bytes, c.bytes);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return "ImageConfig[" + digest + ", " + platform + ", " + diffIds.size() + " layers]";
  }
}
