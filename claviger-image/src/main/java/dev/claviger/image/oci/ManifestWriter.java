package dev.claviger.image.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Serialises manifests, indexes and descriptors as containers-image (Go) does: struct member
 * order, sorted annotation keys, Go's HTML-safe string escaping; unknown members last. This is what
 * lets an edit followed by its inverse reproduce the original bytes and digest.
 */
final class ManifestWriter {
  private ManifestWriter() {}

  /** Writes like Go's encoding/json: {@code < > & U+2028 U+2029} as lowercase {@code \\u} escapes. */
  private static final ObjectWriter GO_WRITER =
      ManifestCodec.MAPPER.writer().with(new GoEscapes());

  private static final class GoEscapes extends CharacterEscapes {
    private static final long serialVersionUID = 1L;
    private final int[] table;

    GoEscapes() {
      table = standardAsciiEscapesForJSON();
      table['<'] = ESCAPE_CUSTOM;
      table['>'] = ESCAPE_CUSTOM;
      table['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return table;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      return switch (ch) {
        case '<', '>', '&', 0x2028, 0x2029 ->
            new SerializedString(String.format("\\u%04x", ch));
        default -> null;
      };
    }
  }

  static byte[] goBytes(JsonNode n) {
    try {
      return GO_WRITER.writeValueAsBytes(n);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("JSON tree failed to serialise", e);
    }
  }

  static ImageManifest build(String mediaType, String artifactType, Descriptor config,
      List<Descriptor> layers, Optional<Descriptor> subject, Map<String, String> annotations,
      Map<String, JsonNode> extra) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("schemaVersion", 2);
    o.put("mediaType", mediaType);
    if (!artifactType.isEmpty()) {
      o.put("artifactType", artifactType);
    }
    boolean docker = mediaType.equals(MediaTypes.DOCKER_MANIFEST);
    o.set("config", write(config, docker));
    ArrayNode arr = o.putArray("layers");
    layers.forEach(l -> arr.add(write(l, docker)));
    subject.ifPresent(s -> o.set("subject", write(s, false)));
    putAnnotations(o, annotations);
    extra.forEach((k, v) -> o.set(k, v.deepCopy()));
    byte[] bytes = goBytes(o);
    return new ImageManifest(bytes, mediaType, artifactType, config, layers, subject,
        new TreeMap<>(annotations), extra);
  }

  static ImageIndex buildIndex(String mediaType, List<Descriptor> manifests,
      Map<String, String> annotations, Map<String, JsonNode> extra) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("schemaVersion", 2);
    o.put("mediaType", mediaType);
    boolean docker = mediaType.equals(MediaTypes.DOCKER_MANIFEST_LIST);
    ArrayNode arr = o.putArray("manifests");
    manifests.forEach(m -> arr.add(write(m, docker)));
    putAnnotations(o, annotations);
    extra.forEach((k, v) -> o.set(k, v.deepCopy()));
    return new ImageIndex(goBytes(o), mediaType, manifests, new TreeMap<>(annotations),
        extra);
  }

  private static void putAnnotations(ObjectNode o, Map<String, String> annotations) {
    if (!annotations.isEmpty()) {
      ObjectNode a = o.putObject("annotations");
      new TreeMap<>(annotations).forEach(a::put);
    }
  }

  /**
   * Go struct order. OCI: mediaType, digest, size, urls, annotations, (data and other extras),
   * platform, artifactType. Docker schema 2 (containers/image Schema2Descriptor): mediaType,
   * size, digest, urls.
   */
  static ObjectNode write(Descriptor d, boolean docker) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("mediaType", d.mediaType());
    if (docker) {
      o.put("size", d.size());
      o.put("digest", d.digest().toString());
    } else {
      o.put("digest", d.digest().toString());
      o.put("size", d.size());
    }
    if (!d.urls().isEmpty()) {
      ArrayNode u = o.putArray("urls");
      d.urls().forEach(u::add);
    }
    putAnnotations(o, d.annotations());
    d.extra().forEach((k, v) -> o.set(k, v.deepCopy()));
    d.platform().ifPresent(p -> o.set("platform", write(p)));
    if (!d.artifactType().isEmpty()) {
      o.put("artifactType", d.artifactType());
    }
    return o;
  }

  private static ObjectNode write(Platform p) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("architecture", p.architecture());
    o.put("os", p.os());
    if (!p.osVersion().isEmpty()) {
      o.put("os.version", p.osVersion());
    }
    if (!p.osFeatures().isEmpty()) {
      ArrayNode f = o.putArray("os.features");
      p.osFeatures().forEach(f::add);
    }
    if (!p.variant().isEmpty()) {
      o.put("variant", p.variant());
    }
    return o;
  }
}
