package dev.claviger.agent.tpm;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the TPM is: a character device, or swtpm's TCP server channel. The string forms (the
 * value of {@code AA_TPM_DEVICE}) are:
 * <ul>
 *   <li>{@code /dev/tpmrm0} or {@code device:/dev/tpmrm0} — a TPM device (an absolute path);
 *   <li>{@code swtpm:host=127.0.0.1,port=2321} — swtpm's TCP server channel, the same syntax
 *       as tpm2-tss's swtpm TCTI ({@code host} defaults to {@code localhost}, {@code port} to
 *       2321; the control channel at port+1 is not used).
 * </ul>
 */
public sealed interface TpmTcti {

  /** A TPM character device such as {@code /dev/tpmrm0}. */
  record Device(Path path) implements TpmTcti {
    public Device {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String toString() {
      return "device:" + path;
    }
  }

  /** swtpm's TCP server channel. */
  record Swtpm(String host, int port) implements TpmTcti {
    public Swtpm {
      Objects.requireNonNull(host, "host");
      if (host.isEmpty() || port < 1 || port > 65535) {
        throw new IllegalArgumentException("swtpm needs a host and a port in 1..65535");
      }
    }

    @Override
    public String toString() {
      return "swtpm:host=" + host + ",port=" + port;
    }
  }

  /**
   * Parses the string form. Device paths are taken as given; callers that resolve guest paths
   * under another root ({@code PlatformPaths}) do so before opening.
   *
   * @throws IllegalArgumentException for anything else, naming the accepted forms
   */
  static TpmTcti parse(String spec) {
    Objects.requireNonNull(spec, "spec");
    if (spec.startsWith("swtpm:") || spec.equals("swtpm")) {
      return parseSwtpm(spec.substring(Math.min(spec.length(), 6)));
    }
    String path = spec.startsWith("device:") ? spec.substring(7) : spec;
    if (!path.startsWith("/") || path.length() > 4096 || path.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("TPM '" + spec + "' is neither an absolute device path"
          + " (/dev/tpmrm0, device:/dev/tpm0) nor swtpm:host=H,port=P");
    }
    return new Device(Path.of(path));
  }

  private static TpmTcti parseSwtpm(String conf) {
    String host = "localhost";
    int port = 2321;
    for (String part : conf.isEmpty() ? new String[0] : conf.split(",", -1)) {
      int eq = part.indexOf('=');
      String key = eq < 0 ? "" : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      switch (key) {
        case "host" -> host = value;
        case "port" -> port = parsePort(value);
        default -> throw new IllegalArgumentException("swtpm TCTI option '" + part
            + "' is not host=H or port=P");
      }
    }
    return new Swtpm(host, port);
  }

  private static int parsePort(String value) {
    if (value.isEmpty() || value.length() > 5 || !value.chars().allMatch(Character::isDigit)) {
      throw new IllegalArgumentException("swtpm port '" + value + "' is not a number");
    }
    return Integer.parseInt(value);
  }
}
