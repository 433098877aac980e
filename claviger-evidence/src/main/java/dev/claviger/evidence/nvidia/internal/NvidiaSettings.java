package dev.claviger.evidence.nvidia.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.nvidia.NvidiaRejectedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code nvidia_verifier} block: {@code type} ("Local" only; upstream's "Remote" needs NRAS),
 * optional {@code device_roots} / {@code rim_roots} (PEM files replacing the built-in NVIDIA
 * roots), optional {@code device_root_sha256} / {@code rim_root_sha256} pins (the configured roots
 * must match one), and optional {@code rim_dir} (signed RIMs to compare measurements with).
 */
public record NvidiaSettings(JsonNode config, List<X509Certificate> deviceRoots,
    List<X509Certificate> rimRoots, Optional<Path> rimDir) {

  public static NvidiaSettings from(JsonNode config) throws EvidenceException {
    String type = config.path("type").asText("Local");
    if (!"Local".equals(type)) {
      throw new EvidenceException("nvidia_verifier type '" + type
          + "' is not supported: only Local verification (no NRAS) is implemented");
    }
    List<X509Certificate> device = roots(config.path("device_roots"),
        BuiltInNvidiaRoots.DEVICE_ROOT,
        pins(config.path("device_root_sha256"), BuiltInNvidiaRoots.DEVICE_ROOT_SHA256),
        "device root");
    List<X509Certificate> rim = roots(config.path("rim_roots"), BuiltInNvidiaRoots.RIM_ROOT,
        pins(config.path("rim_root_sha256"), BuiltInNvidiaRoots.RIM_ROOT_SHA256), "RIM root");
    Optional<Path> rimDir = config.hasNonNull("rim_dir")
        ? Optional.of(Path.of(config.get("rim_dir").asText())) : Optional.empty();
    return new NvidiaSettings(config.deepCopy(), device, rim, rimDir);
  }

  private static Set<String> pins(JsonNode node, String builtIn) {
    Set<String> pins = new HashSet<>();
    if (node.isArray()) {
      node.forEach(n -> pins.add(n.asText().toLowerCase(java.util.Locale.ROOT)));
    } else {
      pins.add(builtIn);
    }
    return pins;
  }

  private static List<X509Certificate> roots(JsonNode files, String builtIn, Set<String> pins,
      String what) throws EvidenceException {
    try {
      List<X509Certificate> out;
      if (files.isArray() && !files.isEmpty()) {
        StringBuilder pem = new StringBuilder();
        for (JsonNode f : files) {
          pem.append(Files.readString(Path.of(f.asText()), StandardCharsets.US_ASCII)).append('\n');
        }
        out = CertChains.parsePem(pem.toString().getBytes(StandardCharsets.US_ASCII),
            CertChains.DEVICE);
      } else {
        out = CertChains.parsePem(builtIn.getBytes(StandardCharsets.US_ASCII), CertChains.DEVICE);
      }
      CertChains.requirePinned(out, pins, what);
      return out;
    } catch (IOException | NvidiaRejectedException e) {
      throw new EvidenceException("cannot load NVIDIA " + what + ": " + e.getMessage(), e);
    }
  }
}
