package dev.claviger.image.crypt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The skopeo 1.9.3 vectors under {@code <claviger.shared>/vectors}, extracted into a temp dir (read
 * in place, never copied into the repository). Skips when absent, fails under CI=true.
 */
final class CryptVectors {
  static final String PLAIN_LAYER = "sha256:1a1e37178d2d79114f7f6f3f960429332b82bf91a8bbf4e8334ca696305861a7";

  private CryptVectors() {}

  static Path shared() {
    String prop = System.getProperty("claviger.shared");
    Path dir = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
    if (!Files.isDirectory(dir)) {
      dir = Path.of("..", "shared");
    }
    return dir;
  }

  /** Extracts the vector archive into {@code into} and returns the {@code vec} directory. */
  static Path extract(Path into) throws IOException {
    Path archive = shared().resolve("vectors/ocicrypt-skopeo-1.9.3.tar.gz");
    if (!Files.isRegularFile(archive)) {
      String msg = "ocicrypt vectors not found at " + archive.toAbsolutePath() + " (set -Dclaviger.shared)";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(msg + " (CI=true)");
      }
      Assumptions.abort(msg);
    }
    try (InputStream in = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        Path target = into.resolve(e.getName()).normalize();
        if (!target.startsWith(into)) {
          throw new IOException("archive entry escapes: " + e.getName());
        }
        if (e.isDirectory()) {
          Files.createDirectories(target);
        } else if (e.isFile()) {
          Files.createDirectories(target.getParent());
          Files.copy(tar, target);
        }
      }
    }
    return into.resolve("vec");
  }

  /** The first layer of the single image in an OCI layout, read with plain JSON. */
  record Layer(Path layout, String mediaType, String digest, long size, Map<String, String> annotations) {
    Path blob() {
      return layout.resolve("blobs/sha256").resolve(digest.substring("sha256:".length()));
    }
  }

  static Layer firstLayer(Path layout) throws Exception {
    JsonNode index = Json.parse(Files.readAllBytes(layout.resolve("index.json")));
    String manifestDigest = index.get("manifests").get(0).get("digest").textValue();
    JsonNode manifest = Json.parse(Files.readAllBytes(
        layout.resolve("blobs/sha256").resolve(manifestDigest.substring(7))));
    JsonNode layer = manifest.get("layers").get(0);
    Map<String, String> annotations = new LinkedHashMap<>();
    Optional.ofNullable(layer.get("annotations")).ifPresent(a -> a.fields()
        .forEachRemaining(f -> annotations.put(f.getKey(), f.getValue().textValue())));
    return new Layer(layout, layer.get("mediaType").textValue(), layer.get("digest").textValue(),
        layer.get("size").longValue(), annotations);
  }
}
