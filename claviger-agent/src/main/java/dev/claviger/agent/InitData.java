package dev.claviger.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.claviger.core.Digests;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.core.MalformedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Init-data sent with the attestation request ({@code {"format":"toml","body":...}}). The body is
 * sent verbatim: the verifier hashes the raw bytes, so it must not be re-formatted.
 *
 * <p>The TOML holds {@code version}, {@code algorithm} (sha256, sha384 or sha512) and a
 * {@code [data]} table of strings. Its digest, which the platform binds (TDX MRCONFIGID, SNP
 * HOST_DATA, PCR 8), is {@code algorithm(raw bytes)} without canonicalisation, as upstream.
 */
public record InitData(String format, String body) {

  /** The KBS request limit is 2 MiB; init-data beyond this is a mistake, not a policy. */
  public static final int MAX_BODY_CHARS = 1 << 20;
  private static final TomlMapper TOML = new TomlMapper();

  /** The parsed TOML: what {@link #document()} returns. */
  public record Document(String version, HashAlgorithm algorithm, Map<String, String> data) {
    public Document {
      Objects.requireNonNull(version, "version");
      Objects.requireNonNull(algorithm, "algorithm");
      data = Map.copyOf(data);
    }
  }

  public InitData {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(body, "body");
    if (!format.equals("toml")) {
      throw new IllegalArgumentException("init-data format must be 'toml' (upstream KBS rejects others)");
    }
    if (body.length() > MAX_BODY_CHARS) {
      throw new IllegalArgumentException(
          "init-data is " + body.length() + " characters, limit " + MAX_BODY_CHARS);
    }
  }

  /** Wraps TOML text without validating it (the KBS validates); prefer {@link #parse(byte[])}. */
  public static InitData toml(String body) {
    return new InitData("toml", body);
  }

  /**
   * Validates raw init-data bytes (strict UTF-8, TOML with version, algorithm and a string-valued
   * {@code [data]} table) and keeps them as the body. Strict decoding is what makes
   * {@link #digest()} equal the digest of the file: re-encoding the body gives the same bytes.
   */
  public static InitData parse(byte[] raw) throws MalformedInputException {
    Objects.requireNonNull(raw, "raw");
    if (raw.length > MAX_BODY_CHARS) {
      throw new MalformedInputException("init-data is " + raw.length + " bytes, limit " + MAX_BODY_CHARS);
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedInputException("init-data is not valid UTF-8");
    }
    InitData initData = toml(text);
    initData.document();
    return initData;
  }

  /** Reads and validates an init-data file, refusing files above the limit before reading them. */
  public static InitData read(Path file) throws IOException, MalformedInputException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] raw = in.readNBytes(MAX_BODY_CHARS + 1);
      if (raw.length > MAX_BODY_CHARS) {
        throw new MalformedInputException(file + " is larger than " + MAX_BODY_CHARS + " bytes");
      }
      return parse(raw);
    }
  }

  /** Parses the TOML body. */
  public Document document() throws MalformedInputException {
    JsonNode root;
    try {
      root = TOML.readTree(body);
    } catch (IOException | RuntimeException e) {
      throw new MalformedInputException("init-data is not valid TOML");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedInputException("init-data is not a TOML document");
    }
    String version = requiredString(root, "version");
    HashAlgorithm algorithm = HashAlgorithm.fromWireName(requiredString(root, "algorithm"));
    JsonNode data = root.get("data");
    if (data == null || !data.isObject()) {
      throw new MalformedInputException("init-data lacks the [data] table");
    }
    Map<String, String> entries = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw new MalformedInputException("init-data data." + abbreviate(e.getKey()) + " is not a string");
      }
      entries.put(e.getKey(), e.getValue().textValue());
    }
    return new Document(version, algorithm, entries);
  }

  /** {@code algorithm(raw body bytes)}: the value the platform binds. */
  public byte[] digest() throws MalformedInputException {
    return Digests.digest(document().algorithm(), body.getBytes(StandardCharsets.UTF_8));
  }

  private static String requiredString(JsonNode root, String name) throws MalformedInputException {
    JsonNode value = root.get(name);
    if (value == null || !value.isTextual()) {
      throw new MalformedInputException("init-data '" + name + "' must be a string");
    }
    return value.textValue();
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }

  @Override
  public String toString() {
    return "InitData[format=" + format + ", " + body.length() + " chars]";
  }
}
