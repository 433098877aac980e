package dev.claviger.agent.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.claviger.agent.TeeKeySpec;
import dev.claviger.agent.attester.PlatformPaths;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the KBS the way upstream AA does: {@code [token_configs.kbs]} of a config file (TOML, or
 * JSON when the file starts with '{'), else env {@code AA_KBC_PARAMS}, else the kernel parameter
 * {@code agent.aa_kbc_params}, both in {@code cc_kbc::<url>} form. Env and {@code /proc/cmdline}
 * come from {@link PlatformPaths}, so tests point them at a temp directory.
 */
public final class AgentConfigLoader {
  /** Upstream's default config path. */
  public static final String DEFAULT_CONFIG = "/etc/attestation-agent.conf";
  static final int MAX_CONFIG_BYTES = 1 << 20;
  static final int MAX_CMDLINE_BYTES = 64 * 1024;
  private static final String KBC_PARAMS_ENV = "AA_KBC_PARAMS";
  private static final String CMDLINE_KEY = "agent.aa_kbc_params=";
  private static final Map<String, TeeKeySpec> UPSTREAM_KEY_NAMES = Map.of(
      "ECDH-ES+A256KW-P256", TeeKeySpec.EC_P256,
      "ECDH-ES+A256KW-P521", TeeKeySpec.EC_P521,
      "RSA-OAEP-256", TeeKeySpec.RSA_2048,
      "RSA1_5", TeeKeySpec.RSA_2048_PKCS1);

  private final PlatformPaths platform;

  public AgentConfigLoader(PlatformPaths platform) {
    this.platform = Objects.requireNonNull(platform, "platform");
  }

  /** The config file when given, else {@code AA_KBC_PARAMS}, else the kernel command line. */
  public KbsConfig load(Optional<Path> configFile) throws AgentConfigException {
    return configFile.isPresent() ? fromFile(configFile.get()) : fromKbcParams();
  }

  /** Reads {@code [token_configs.kbs]} {@code url}, {@code cert}, {@code tee_key_algorithm}. */
  public KbsConfig fromFile(Path file) throws AgentConfigException {
    JsonNode root = parse(file, read(file, MAX_CONFIG_BYTES));
    JsonNode kbs = root.path("token_configs").path("kbs");
    if (!kbs.isObject()) {
      throw new AgentConfigException(file + " has no [token_configs.kbs] table");
    }
    URI url = url(text(kbs, "url", file).orElseThrow(
        () -> new AgentConfigException(file + ": [token_configs.kbs] needs a 'url'")), file.toString());
    Optional<String> cert = text(kbs, "cert", file);
    if (cert.isPresent() && !cert.get().contains("-----BEGIN CERTIFICATE-----")) {
      throw new AgentConfigException(file + ": token_configs.kbs.cert must be PEM text (as upstream), not a path");
    }
    TeeKeySpec key = text(kbs, "tee_key_algorithm", file).isPresent()
        ? keySpec(text(kbs, "tee_key_algorithm", file).get(), file)
        : TeeKeySpec.EC_P256;
    return new KbsConfig(url, cert, key);
  }

  /** {@code cc_kbc::<url>} from {@code AA_KBC_PARAMS} or {@code agent.aa_kbc_params=} on the kernel command line. */
  public KbsConfig fromKbcParams() throws AgentConfigException {
    String params = platform.env(KBC_PARAMS_ENV).orElse(null);
    String source = KBC_PARAMS_ENV;
    if (params == null) {
      source = "kernel command line";
      params = fromCmdline().orElseThrow(() -> new AgentConfigException(
          "no KBS configured: give --config or --kbs, set " + KBC_PARAMS_ENV + " or boot with agent.aa_kbc_params=cc_kbc::<url>"));
    }
    String[] parts = params.split("::", -1);
    if (parts.length != 2) {
      throw new AgentConfigException("illegal aa_kbc_params format in " + source + ": expected <kbc>::<url>");
    }
    if (!parts[0].equals("cc_kbc")) {
      throw new AgentConfigException("aa_kbc_params in " + source + " names kbc '" + abbreviate(parts[0])
          + "'; only cc_kbc has a KBS URL");
    }
    return new KbsConfig(url(parts[1], source), Optional.empty(), TeeKeySpec.EC_P256);
  }

  private Optional<String> fromCmdline() throws AgentConfigException {
    Path cmdline = platform.resolve("/proc/cmdline");
    String text;
    try {
      text = new String(read(cmdline, MAX_CMDLINE_BYTES), StandardCharsets.UTF_8);
    } catch (AgentConfigException e) {
      if (e.getCause() instanceof NoSuchFileException) {
        return Optional.empty();
      }
      throw e;
    }
    for (String word : text.strip().split("\\s+")) {
      if (word.startsWith(CMDLINE_KEY)) {
        return Optional.of(word.substring(CMDLINE_KEY.length()));
      }
    }
    return Optional.empty();
  }

  static TeeKeySpec keySpec(String name, Object where) throws AgentConfigException {
    TeeKeySpec upstream = UPSTREAM_KEY_NAMES.get(name);
    if (upstream != null) {
      return upstream;
    }
    try {
      return TeeKeySpec.fromCliName(name);
    } catch (IllegalArgumentException e) {
      throw new AgentConfigException(where + ": unknown tee_key_algorithm '" + abbreviate(name)
          + "' (ECDH-ES+A256KW-P256, ECDH-ES+A256KW-P521, RSA-OAEP-256, RSA1_5)");
    }
  }

  private static URI url(String text, String where) throws AgentConfigException {
    try {
      URI url = new URI(text);
      if (!"http".equals(url.getScheme()) && !"https".equals(url.getScheme()) || url.getHost() == null) {
        throw new AgentConfigException(where + ": KBS URL must be http(s)://host[:port], got '" + abbreviate(text) + "'");
      }
      return url;
    } catch (URISyntaxException e) {
      throw new AgentConfigException(where + ": KBS URL '" + abbreviate(text) + "' is not a URI");
    }
  }

  private static JsonNode parse(Path file, byte[] bytes) throws AgentConfigException {
    String text = new String(bytes, StandardCharsets.UTF_8);
    try {
      JsonNode root = text.stripLeading().startsWith("{") ? Json.parse(bytes) : new TomlMapper().readTree(text);
      if (root == null || !root.isObject()) {
        throw new AgentConfigException(file + " is not a TOML or JSON document");
      }
      return root;
    } catch (MalformedInputException | IOException | RuntimeException e) {
      throw new AgentConfigException(file + " is not valid TOML or JSON");
    }
  }

  private static Optional<String> text(JsonNode node, String name, Path file) throws AgentConfigException {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new AgentConfigException(file + ": token_configs.kbs." + name + " must be a string");
    }
    return Optional.of(value.textValue());
  }

  private static byte[] read(Path file, int max) throws AgentConfigException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(max + 1);
      if (bytes.length > max) {
        throw new AgentConfigException(file + " is larger than " + max + " bytes");
      }
      return bytes;
    } catch (IOException e) {
      throw new AgentConfigException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "...";
  }
}
