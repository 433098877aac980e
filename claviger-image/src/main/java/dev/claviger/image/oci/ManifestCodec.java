package dev.claviger.image.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Json;
import dev.claviger.core.JsonLimits;
import dev.claviger.core.MalformedInputException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads manifests, indexes and descriptors from a JSON tree, and writes them in the member order
 * of the Go structs in image-spec (what skopeo/containers-image emit), unknown members last.
 */
final class ManifestCodec {
  static final ObjectMapper MAPPER =
      Json.mapper(JsonLimits.DEFAULT.withMaxDocumentLength(Manifest.MAX_BYTES));
  private static final int MAX_ENTRIES = 4096;
  private static final Set<String> MANIFEST_KNOWN =
      Set.of("schemaVersion", "mediaType", "artifactType", "config", "layers", "subject",
          "annotations");
  private static final Set<String> INDEX_KNOWN =
      Set.of("schemaVersion", "mediaType", "artifactType", "manifests", "subject", "annotations");
  private static final Set<String> DESCRIPTOR_KNOWN = Set.of("mediaType", "digest", "size",
      "urls", "annotations", "platform", "artifactType");

  private ManifestCodec() {}

  static Manifest parse(byte[] bytes, String contentType) throws MalformedInputException {
    if (bytes == null) {
      throw new MalformedInputException("manifest is missing");
    }
    if (bytes.length > Manifest.MAX_BYTES) {
      throw new MalformedInputException("manifest is " + bytes.length + " bytes, limit "
          + Manifest.MAX_BYTES);
    }
    JsonNode root = Json.parse(MAPPER, bytes);
    if (!root.isObject()) {
      throw new MalformedInputException("manifest is not a JSON object");
    }
    JsonNode sv = root.get("schemaVersion");
    if (sv == null || !sv.isIntegralNumber()) {
      throw new MalformedInputException("manifest has no integer schemaVersion");
    }
    String mediaType = mediaType(root, contentType);
    if (sv.asLong() != 2) {
      throw new MalformedInputException("unsupported manifest schemaVersion " + sv.asText()
          + " (only 2; Docker schema 1 is refused)");
    }
    if (MediaTypes.isImageManifest(mediaType)) {
      return parseManifest(bytes, (ObjectNode) root, mediaType);
    }
    return parseIndex(bytes, (ObjectNode) root, mediaType);
  }

  /** The body's mediaType wins; the hint must agree with it; structure decides as a last resort. */
  private static String mediaType(JsonNode root, String hint) throws MalformedInputException {
    String body = optString(root, "mediaType");
    String h = hint == null ? "" : hint.split(";", 2)[0].trim();
    boolean hintKnown = MediaTypes.isImageManifest(h) || MediaTypes.isIndex(h);
    String mt;
    if (!body.isEmpty()) {
      if (hintKnown && !h.equals(body)) {
        throw new MalformedInputException(
            "manifest mediaType " + body + " disagrees with content type " + h);
      }
      mt = body;
    } else if (hintKnown) {
      mt = h;
    } else if (root.has("manifests") && !root.has("layers")) {
      mt = MediaTypes.OCI_INDEX;
    } else if (root.has("layers") && !root.has("manifests")) {
      mt = MediaTypes.OCI_MANIFEST;
    } else {
      throw new MalformedInputException("cannot tell manifest from index: no mediaType");
    }
    if (MediaTypes.DOCKER_MANIFEST_V1.equals(mt) || MediaTypes.DOCKER_MANIFEST_V1_SIGNED.equals(mt)) {
      throw new MalformedInputException("Docker schema 1 manifests are not supported");
    }
    if (!MediaTypes.isImageManifest(mt) && !MediaTypes.isIndex(mt)) {
      throw new MalformedInputException("not a manifest media type: " + mt);
    }
    return mt;
  }

  private static ImageManifest parseManifest(byte[] bytes, ObjectNode root, String mediaType)
      throws MalformedInputException {
    JsonNode config = root.get("config");
    if (config == null) {
      throw new MalformedInputException("manifest has no config");
    }
    List<Descriptor> layers = descriptors(root, "layers");
    return new ImageManifest(bytes, mediaType, optString(root, "artifactType"),
        descriptor(config, "config"), layers, optDescriptor(root, "subject"),
        stringMap(root.get("annotations"), "annotations"), extra(root, MANIFEST_KNOWN));
  }

  private static ImageIndex parseIndex(byte[] bytes, ObjectNode root, String mediaType)
      throws MalformedInputException {
    return new ImageIndex(bytes, mediaType, descriptors(root, "manifests"),
        stringMap(root.get("annotations"), "annotations"), extra(root, INDEX_KNOWN));
  }

  private static List<Descriptor> descriptors(JsonNode root, String field)
      throws MalformedInputException {
    JsonNode arr = root.get(field);
    if (arr == null || !arr.isArray()) {
      throw new MalformedInputException("'" + field + "' must be an array");
    }
    if (arr.size() > MAX_ENTRIES) {
      throw new MalformedInputException("'" + field + "' has " + arr.size() + " entries, limit "
          + MAX_ENTRIES);
    }
    List<Descriptor> out = new ArrayList<>(arr.size());
    for (int i = 0; i < arr.size(); i++) {
      out.add(descriptor(arr.get(i), field + "[" + i + "]"));
    }
    return out;
  }

  private static Optional<Descriptor> optDescriptor(JsonNode root, String field)
      throws MalformedInputException {
    JsonNode n = root.get(field);
    return n == null || n.isNull() ? Optional.empty() : Optional.of(descriptor(n, field));
  }

  /** Parses one descriptor; {@code where} names it in error messages. */
  static Descriptor descriptor(JsonNode n, String where) throws MalformedInputException {
    if (n == null || !n.isObject()) {
      throw new MalformedInputException(where + " is not a descriptor object");
    }
    String mt = optString(n, "mediaType");
    if (mt.isEmpty() || mt.length() > 255) {
      throw new MalformedInputException(where + ".mediaType is missing or too long");
    }
    JsonNode size = n.get("size");
    if (size == null || !size.isIntegralNumber() || !size.canConvertToLong() || size.asLong() < 0) {
      throw new MalformedInputException(where + ".size must be a non-negative integer");
    }
    Digest digest;
    try {
      digest = Digest.parse(optString(n, "digest"));
    } catch (MalformedInputException e) {
      throw new MalformedInputException(where + ".digest: " + e.getMessage());
    }
    List<String> urls = new ArrayList<>();
    JsonNode u = n.get("urls");
    if (u != null) {
      if (!u.isArray()) {
        throw new MalformedInputException(where + ".urls must be an array");
      }
      for (JsonNode e : u) {
        if (!e.isTextual()) {
          throw new MalformedInputException(where + ".urls must hold strings");
        }
        urls.add(e.asText());
      }
    }
    return new Descriptor(mt, digest, size.asLong(), urls,
        stringMap(n.get("annotations"), where + ".annotations"),
        Optional.ofNullable(platform(n.get("platform"), where)), optString(n, "artifactType"),
        extra(n, DESCRIPTOR_KNOWN));
  }

  private static Platform platform(JsonNode p, String where) throws MalformedInputException {
    if (p == null || p.isNull()) {
      return null;
    }
    if (!p.isObject()) {
      throw new MalformedInputException(where + ".platform is not an object");
    }
    String os = optString(p, "os");
    String arch = optString(p, "architecture");
    if (os.isEmpty() || arch.isEmpty()) {
      throw new MalformedInputException(where + ".platform needs os and architecture");
    }
    List<String> features = new ArrayList<>();
    JsonNode f = p.get("os.features");
    if (f != null && f.isArray()) {
      f.forEach(e -> features.add(e.asText()));
    }
    return new Platform(os, arch, optString(p, "variant"), optString(p, "os.version"), features);
  }

  static String optString(JsonNode n, String field) throws MalformedInputException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return "";
    }
    if (!v.isTextual()) {
      throw new MalformedInputException("'" + field + "' must be a string");
    }
    return v.asText();
  }

  static Map<String, String> stringMap(JsonNode n, String where) throws MalformedInputException {
    if (n == null || n.isNull()) {
      return Map.of();
    }
    if (!n.isObject()) {
      throw new MalformedInputException(where + " must be an object of strings");
    }
    Map<String, String> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new MalformedInputException(where + "." + e.getKey() + " must be a string");
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  private static Map<String, JsonNode> extra(JsonNode n, Set<String> known) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> {
      if (!known.contains(e.getKey())) {
        out.put(e.getKey(), e.getValue().deepCopy());
      }
    });
    return out;
  }
}
