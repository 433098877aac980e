package dev.claviger.image.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import io.airlift.compress.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Small OCI images built in memory with reproducible bytes (sorted tar entries, uid/gid 0, mtime
 * 0, gzip header without name or time), independent of the production code so that it can serve
 * as an oracle for it. {@link Image#writeLayout} writes an OCI image layout that skopeo, umoci and
 * our own code read.
 *
 * <pre>{@code
 * TestImages.Image img = TestImages.busybox();          // runc-runnable: /bin/sh, /hello.txt
 * img.writeLayout(dir, "v1");                           // oci:dir:v1
 * TestImages.builder().file("/etc/motd", "hi\n").layer(Compression.ZSTD)
 *     .file("/data/x", bytes, 0600).cmd("/bin/cat", "/etc/motd").build();
 * }</pre>
 */
public final class TestImages {
  public static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String HELLO = "hello from claviger\n";
  static final String[] APPLETS = {"sh", "cat", "echo", "ls", "true", "false", "sleep", "env",
      "id", "pwd", "head", "sha256sum", "mkdir", "test", "wc", "stat"};

  private TestImages() {}

  /** Layer compression, with the OCI media type it implies. */
  public enum Compression {
    NONE("application/vnd.oci.image.layer.v1.tar"),
    GZIP("application/vnd.oci.image.layer.v1.tar+gzip"),
    ZSTD("application/vnd.oci.image.layer.v1.tar+zstd");

    public final String mediaType;

    Compression(String mediaType) {
      this.mediaType = mediaType;
    }
  }

  /** A content-addressed blob. */
  public record Blob(String mediaType, String digest, byte[] bytes) {
    public long size() {
      return bytes.length;
    }

    /** The hex part of the digest (the file name under blobs/sha256/). */
    public String hex() {
      return digest.substring("sha256:".length());
    }

    Map<String, Object> descriptor() {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("mediaType", mediaType);
      d.put("digest", digest);
      d.put("size", bytes.length);
      return d;
    }
  }

  /** A layer: its stored (compressed) blob, the uncompressed tar and its diff_id. */
  public record Layer(Blob blob, byte[] tar, String diffId) {}

  /** A built image. */
  public record Image(Blob manifest, Blob config, List<Layer> layers) {
    /** All blobs except the manifest: config first, then layers in order. */
    public List<Blob> blobs() {
      List<Blob> all = new ArrayList<>();
      all.add(config);
      layers.forEach(l -> all.add(l.blob()));
      return all;
    }

    /**
     * Writes (or adds to) an OCI image layout at {@code dir}: oci-layout, blobs/sha256/*, and an
     * index.json entry annotated {@code org.opencontainers.image.ref.name=tag} (an existing
     * entry with the same tag is replaced; others are kept).
     */
    public Path writeLayout(Path dir, String tag) throws IOException {
      Path blobs = Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
      Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
      List<Blob> all = new ArrayList<>(blobs());
      all.add(manifest);
      for (Blob b : all) {
        Path p = blobs.resolve(b.hex());
        if (!Files.exists(p)) {
          Files.write(p, b.bytes());
        }
      }
      writeIndex(dir, tag);
      return dir;
    }

    private void writeIndex(Path dir, String tag) throws IOException {
      List<Object> manifests = new ArrayList<>();
      Path index = dir.resolve("index.json");
      if (Files.exists(index)) {
        try {
          JsonNode old = Json.parse(Files.readAllBytes(index));
          for (JsonNode m : old.path("manifests")) {
            if (!tag.equals(m.path("annotations").path("org.opencontainers.image.ref.name")
                .asText(null))) {
              manifests.add(m);
            }
          }
        } catch (MalformedInputException e) {
          throw new IOException("existing index.json is malformed", e);
        }
      }
      Map<String, Object> d = manifest.descriptor();
      d.put("annotations", Map.of("org.opencontainers.image.ref.name", tag));
      manifests.add(d);
      Map<String, Object> idx = new LinkedHashMap<>();
      idx.put("schemaVersion", 2);
      idx.put("mediaType", "application/vnd.oci.image.index.v1+json");
      idx.put("manifests", manifests);
      Path tmp = dir.resolve("index.json.tmp");
      Files.write(tmp, Json.writeBytes(idx));
      Files.move(tmp, index, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** One gzip layer with /hello.txt; Cmd {@code /bin/cat /hello.txt} (not runnable: no binary). */
  public static Image hello() {
    return builder().file("/hello.txt", HELLO).cmd("/bin/cat", "/hello.txt").build();
  }

  /**
   * Two gzip layers: static busybox with applet links in /bin, then /hello.txt; Cmd
   * {@code /bin/cat /hello.txt}. runc can run it (needs /usr/bin/busybox, Debian busybox-static).
   */
  public static Image busybox() {
    return builder().busyboxLayer().layer().file("/hello.txt", HELLO)
        .cmd("/bin/cat", "/hello.txt").build();
  }

  /** Accumulates layers (each a sorted set of entries) and the config. */
  public static final class Builder {
    private final List<LayerSpec> layers = new ArrayList<>();
    private final Map<String, Object> runConfig = new LinkedHashMap<>();
    private final Map<String, String> annotations = new TreeMap<>();
    private String architecture = "amd64";
    private String os = "linux";

    private Builder() {
      runConfig.put("Env", List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
    }

    /** Starts a new gzip layer. */
    public Builder layer() {
      return layer(Compression.GZIP);
    }

    /** Starts a new layer with the given compression; following entries go into it. */
    public Builder layer(Compression c) {
      layers.add(new LayerSpec(c, new TreeMap<>(), null));
      return this;
    }

    /** Adds a layer from ready-made tar bytes (e.g. with whiteouts or hostile entries). */
    public Builder rawLayer(byte[] tar, Compression c) {
      layers.add(new LayerSpec(c, new TreeMap<>(), tar.clone()));
      return this;
    }

    public Builder file(String path, String content) {
      return file(path, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public Builder file(String path, byte[] content, int mode) {
      current().entries().put(norm(path), new Entry(TarArchiveEntry.LF_NORMAL, content.clone(),
          mode, null));
      return this;
    }

    public Builder dir(String path, int mode) {
      current().entries().put(norm(path) + "/", new Entry(TarArchiveEntry.LF_DIR, null, mode, null));
      return this;
    }

    public Builder symlink(String path, String target) {
      current().entries().put(norm(path), new Entry(TarArchiveEntry.LF_SYMLINK, null, 0777, target));
      return this;
    }

    /** A new gzip layer with /bin/busybox (from /usr/bin/busybox) and applet symlinks. */
    public Builder busyboxLayer() {
      byte[] bb;
      try {
        bb = Files.readAllBytes(Peers.require("busybox", "busybox-static"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      layer().file("/bin/busybox", bb, 0755).dir("/tmp", 01777);
      for (String a : APPLETS) {
        symlink("/bin/" + a, "busybox");
      }
      return this;
    }

    public Builder cmd(String... cmd) {
      runConfig.put("Cmd", List.of(cmd));
      return this;
    }

    public Builder entrypoint(String... ep) {
      runConfig.put("Entrypoint", List.of(ep));
      return this;
    }

    public Builder env(String... env) {
      runConfig.put("Env", List.of(env));
      return this;
    }

    public Builder workingDir(String dir) {
      runConfig.put("WorkingDir", dir);
      return this;
    }

    public Builder user(String user) {
      runConfig.put("User", user);
      return this;
    }

    public Builder platform(String os, String architecture) {
      this.os = os;
      this.architecture = architecture;
      return this;
    }

    /** A manifest annotation. */
    public Builder annotation(String key, String value) {
      annotations.put(key, value);
      return this;
    }

    public Image build() {
      if (layers.isEmpty()) {
        layer();
      }
      List<Layer> built = new ArrayList<>();
      for (LayerSpec s : layers) {
        byte[] tar = s.raw() != null ? s.raw() : tar(s.entries());
        byte[] stored = compress(tar, s.compression());
        built.add(new Layer(new Blob(s.compression().mediaType, sha256(stored), stored), tar,
            sha256(tar)));
      }
      Blob config = configBlob(built);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("schemaVersion", 2);
      m.put("mediaType", MANIFEST);
      m.put("config", config.descriptor());
      m.put("layers", built.stream().map(l -> l.blob().descriptor()).toList());
      if (!annotations.isEmpty()) {
        m.put("annotations", annotations);
      }
      byte[] mb = Json.writeBytes(m);
      return new Image(new Blob(MANIFEST, sha256(mb), mb), config, List.copyOf(built));
    }

    private Blob configBlob(List<Layer> built) {
      Map<String, Object> rootfs = new LinkedHashMap<>();
      rootfs.put("type", "layers");
      rootfs.put("diff_ids", built.stream().map(Layer::diffId).toList());
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("created", "1970-01-01T00:00:00Z");
      c.put("architecture", architecture);
      c.put("os", os);
      c.put("config", runConfig);
      c.put("rootfs", rootfs);
      byte[] cb = Json.writeBytes(c);
      return new Blob(CONFIG, sha256(cb), cb);
    }

    private LayerSpec current() {
      if (layers.isEmpty() || layers.get(layers.size() - 1).raw() != null) {
        layer();
      }
      return layers.get(layers.size() - 1);
    }
  }

  private record LayerSpec(Compression compression, TreeMap<String, Entry> entries, byte[] raw) {}

  private record Entry(byte type, byte[] content, int mode, String linkTarget) {}

  private static String norm(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
    return p;
  }

  /** Tar with parent directories made explicit; TreeMap order makes the bytes reproducible. */
  static byte[] tar(TreeMap<String, Entry> entries) {
    TreeMap<String, Entry> all = new TreeMap<>(entries);
    for (String name : entries.keySet()) {
      String n = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
      for (int i = n.indexOf('/'); i > 0; i = n.indexOf('/', i + 1)) {
        all.putIfAbsent(n.substring(0, i + 1), new Entry(TarArchiveEntry.LF_DIR, null, 0755, null));
      }
    }
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bos)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      for (Map.Entry<String, Entry> e : all.entrySet()) {
        Entry v = e.getValue();
        TarArchiveEntry te = new TarArchiveEntry(e.getKey(), v.type(), false);
        te.setMode(modeBits(v.type()) | v.mode());
        te.setIds(0, 0);
        te.setNames("", "");
        te.setModTime(0L);
        if (v.linkTarget() != null) {
          te.setLinkName(v.linkTarget());
        }
        if (v.content() != null) {
          te.setSize(v.content().length);
        }
        tar.putArchiveEntry(te);
        if (v.content() != null) {
          tar.write(v.content());
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  private static int modeBits(byte type) {
    return switch (type) {
      case TarArchiveEntry.LF_DIR -> 0040000;
      case TarArchiveEntry.LF_SYMLINK -> 0120000;
      default -> 0100000;
    };
  }

  /** Compresses with the given algorithm (JDK gzip: header with mtime 0, no file name). */
  public static byte[] compress(byte[] data, Compression c) {
    if (c == Compression.NONE) {
      return data.clone();
    }
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (OutputStream out = c == Compression.GZIP ? new GZIPOutputStream(bos)
        : new ZstdOutputStream(bos)) {
      out.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bos.toByteArray();
  }

  /** {@code sha256:<hex>} of the bytes. */
  public static String sha256(byte[] data) {
    try {
      return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
