package dev.claviger.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An OCI image layout directory ({@code oci-layout}, {@code index.json}, {@code blobs/<alg>/<hex>})
 * as read and written by skopeo's {@code oci:DIR:tag} transport and umoci.
 *
 * <p>Every blob read is verified against its digest and size (streams fail at EOF); every blob
 * write goes to a temp file in the same directory, is verified, then atomically renamed, so a
 * reader never sees a partial blob. {@code index.json} is replaced atomically too. Tag updates are
 * serialised within this instance; concurrent writers in other processes are not coordinated.
 */
public final class OciLayout {
  /** The annotation that names a tag in index.json. */
  public static final String REF_NAME = "org.opencontainers.image.ref.name";
  private static final String LAYOUT_FILE = "oci-layout";
  private static final String LAYOUT_JSON = "{\"imageLayoutVersion\":\"1.0.0\"}";
  private static final Pattern REF = Pattern.compile(
      "[A-Za-z0-9]+(?:(?:[-._:@+/]|--)[A-Za-z0-9]+)*");

  private final Path dir;

  private OciLayout(Path dir) {
    this.dir = dir;
  }

  /** Opens an existing layout; fails when {@code oci-layout} is missing or not version 1.0.0. */
  public static OciLayout open(Path dir) throws IOException {
    Path marker = dir.resolve(LAYOUT_FILE);
    if (!Files.isRegularFile(marker)) {
      throw new NoSuchFileException(marker.toString(), null, "not an OCI image layout");
    }
    if (Files.size(marker) > 4096) {
      throw new IOException("oci-layout file is implausibly large");
    }
    try {
      JsonNode n = Json.parse(Files.readAllBytes(marker));
      if (!"1.0.0".equals(n.path("imageLayoutVersion").asText())) {
        throw new IOException("unsupported imageLayoutVersion in " + marker);
      }
    } catch (MalformedInputException e) {
      throw new IOException("malformed " + marker + ": " + e.getMessage(), e);
    }
    return new OciLayout(dir);
  }

  /** Opens the layout at {@code dir}, creating an empty one if the directory has none. */
  public static OciLayout create(Path dir) throws IOException {
    Files.createDirectories(dir.resolve("blobs").resolve(Digest.SHA256));
    if (!Files.exists(dir.resolve(LAYOUT_FILE))) {
      writeAtomically(dir, LAYOUT_FILE, LAYOUT_JSON.getBytes(StandardCharsets.UTF_8));
    }
    OciLayout layout = open(dir);
    if (!Files.exists(dir.resolve("index.json"))) {
      layout.writeIndex(ImageIndex.create(MediaTypes.OCI_INDEX, List.of(), Map.of()));
    }
    return layout;
  }

  public Path dir() {
    return dir;
  }

  /** The current index.json. */
  public ImageIndex index() throws IOException {
    Path p = dir.resolve("index.json");
    if (Files.size(p) > Manifest.MAX_BYTES) {
      throw new IOException("index.json larger than " + Manifest.MAX_BYTES + " bytes");
    }
    try {
      return ImageIndex.parse(Files.readAllBytes(p), MediaTypes.OCI_INDEX);
    } catch (MalformedInputException e) {
      throw new IOException("malformed " + p + ": " + e.getMessage(), e);
    }
  }

  /**
   * The manifest descriptor for a tag; for an empty tag, the only entry when there is exactly one
   * (as skopeo's {@code oci:DIR} without a tag).
   */
  public Optional<Descriptor> resolve(String tag) throws IOException {
    List<Descriptor> entries = index().manifests();
    if (tag == null || tag.isEmpty()) {
      return entries.size() == 1 ? Optional.of(entries.get(0)) : Optional.empty();
    }
    return entries.stream().filter(d -> tag.equals(d.annotations().get(REF_NAME))).findFirst();
  }

  /** Tags in index order. */
  public List<String> tags() throws IOException {
    List<String> out = new ArrayList<>();
    for (Descriptor d : index().manifests()) {
      d.annotation(REF_NAME).ifPresent(out::add);
    }
    return out;
  }

  /** Points {@code tag} at a manifest (replacing an entry with the same tag); atomic. */
  public synchronized void tag(String tag, Descriptor manifest) throws IOException {
    checkRef(tag);
    List<Descriptor> entries = new ArrayList<>();
    for (Descriptor d : index().manifests()) {
      if (!tag.equals(d.annotations().get(REF_NAME))) {
        entries.add(d);
      }
    }
    Map<String, String> ann = new HashMap<>(manifest.annotations());
    ann.put(REF_NAME, tag);
    entries.add(manifest.withAnnotations(ann));
    writeIndex(index().withManifests(entries));
  }

  /** Checks a tag against the OCI {@code ref.name} grammar. */
  public static void checkRef(String tag) {
    if (tag == null || tag.length() > 255 || !REF.matcher(tag).matches()) {
      throw new IllegalArgumentException("invalid layout tag: " + tag);
    }
  }

  private void writeIndex(ImageIndex index) throws IOException {
    writeAtomically(dir, "index.json", index.bytes());
  }

  /** Path of a blob (which may not exist). The digest's hex was validated, so no traversal. */
  public Path blobPath(Digest d) {
    return dir.resolve("blobs").resolve(d.algorithm()).resolve(d.encoded());
  }

  public boolean hasBlob(Digest d) {
    return Files.isRegularFile(blobPath(d));
  }

  /** A stream of the blob that fails at EOF unless digest and size match the descriptor. */
  public DigestingInputStream openBlob(Descriptor d) throws IOException {
    return DigestingInputStream.of(Files.newInputStream(blobPath(d.digest())), d);
  }

  /** Reads and verifies a whole blob, refusing descriptors larger than {@code maxBytes}. */
  public byte[] readBlob(Descriptor d, int maxBytes) throws IOException {
    if (d.size() > maxBytes) {
      throw new IOException("blob " + d.digest() + " is " + d.size() + " bytes, limit " + maxBytes);
    }
    try (DigestingInputStream in = openBlob(d)) {
      byte[] b = in.readNBytes((int) d.size() + 1);
      in.verifyNow();
      return b;
    }
  }

  /** Reads, verifies and parses the manifest or index a descriptor points at. */
  public Manifest readManifest(Descriptor d) throws IOException {
    byte[] b = readBlob(d, Manifest.MAX_BYTES);
    try {
      return Manifest.parse(b, d.mediaType());
    } catch (MalformedInputException e) {
      throw new IOException("malformed manifest " + d.digest() + ": " + e.getMessage(), e);
    }
  }

  /** Stores bytes as a blob and returns their descriptor. */
  public Descriptor writeBlob(String mediaType, byte[] bytes) throws IOException {
    Descriptor d = Descriptor.ofBytes(mediaType, bytes);
    if (!hasBlob(d.digest())) {
      writeAtomically(blobPath(d.digest()).getParent(), d.digest().encoded(), bytes);
    }
    return d;
  }

  /**
   * Stores a stream as the blob {@code expected} describes; the bytes are verified before the
   * blob becomes visible. Returns the number of bytes written.
   */
  public long writeBlob(Descriptor expected, InputStream in) throws IOException {
    Objects.requireNonNull(expected, "expected");
    Path target = blobPath(expected.digest());
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(target.getParent(), ".tmp-", ".partial");
    try {
      long n;
      try (DigestingInputStream din = DigestingInputStream.verifying(in, expected);
          OutputStream out = Files.newOutputStream(tmp)) {
        n = din.transferTo(out);
        din.verifyNow();
      }
      move(tmp, target);
      return n;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void writeAtomically(Path parent, String name, byte[] bytes) throws IOException {
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, ".tmp-", ".partial");
    try {
      Files.write(tmp, bytes);
      move(tmp, parent.resolve(name));
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public String toString() {
    return "OciLayout[" + dir + "]";
  }
}
