package dev.claviger.evidence.nvidia;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.nvidia.internal.SpdmReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Compares a verified report with the driver RIM (selected by {@code driver_version}) and the
 * VBIOS RIM (by {@code vbios_version}) found among the signed RIMs of a directory. A RIM that
 * fails verification is not used; the outcome is reported as claims for the appraisal policy,
 * never silently treated as a match.
 */
final class RimAppraisal {
  private static final int MAX_FILES = 256;

  private final List<X509Certificate> roots;
  private final Path dir;
  private final Instant now;
  private List<Candidate> candidates;

  /** One per verification call: the directory is read and verified once, at {@code now}. */
  RimAppraisal(List<X509Certificate> roots, Path dir, Instant now) {
    this.roots = roots;
    this.dir = dir;
    this.now = now;
  }

  /** The {@code rim} claims: per kind {found, verified, error?, mismatches} and {@code measres}. */
  ObjectNode appraise(SpdmReport report, ObjectNode config) throws EvidenceException {
    if (candidates == null) {
      candidates = load(now);
    }
    Map<Integer, byte[]> reported = new HashMap<>();
    report.blocks().forEach(b -> reported.put(b.index(), b.value()));
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    // VBIOS RIMs are named PROJECT_PROJECTSKU_CHIPSKU_VERSION (NVIDIA's RIM ids); the name only
    // disambiguates equal versions, the signed content decides.
    String board = config.path("project").asText() + "_" + config.path("project_sku").asText()
        + "_" + config.path("chip_sku").asText() + "_";
    boolean driver = kind(out.putObject("driver"), candidates,
        config.path("driver_version").asText(), "", reported);
    boolean vbios = kind(out.putObject("vbios"), candidates,
        config.path("vbios_version").asText(), board, reported);
    out.put("measres", driver && vbios ? "success" : "fail");
    return out;
  }

  private static boolean kind(ObjectNode out, List<Candidate> candidates, String version,
      String namePrefix, Map<Integer, byte[]> reported) {
    List<Candidate> matching = candidates.stream()
        .filter(c -> c.rim != null && !version.isEmpty() && c.rim.isFor(version)).toList();
    if (matching.size() > 1) {
      matching = matching.stream().filter(c -> c.file.startsWith(namePrefix)).toList();
    }
    Optional<Candidate> verified = matching.size() == 1 ? Optional.of(matching.get(0))
        : Optional.empty();
    if (matching.size() > 1) {
      out.put("ambiguous", matching.size() + " verified RIMs for version " + version);
    }
    if (verified.isEmpty()) {
      out.put("found", false);
      out.put("verified", false);
      candidates.stream().filter(c -> c.rim == null).findFirst()
          .ifPresent(c -> out.put("unusable_rim", c.file + ": " + c.error));
      return false;
    }
    Rim rim = verified.get().rim;
    out.put("found", true);
    out.put("verified", true);
    out.put("file", verified.get().file);
    out.put("version", rim.version());
    List<Integer> bad = rim.mismatches(reported);
    bad.forEach(out.putArray("mismatches")::add);
    return bad.isEmpty();
  }

  private record Candidate(String file, Rim rim, String error) {}

  private List<Candidate> load(Instant now) throws EvidenceException {
    List<Candidate> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".swidtag")
          || p.toString().endsWith(".xml")).sorted().limit(MAX_FILES).toList()) {
        out.add(candidate(f, now));
      }
    } catch (IOException e) {
      throw new EvidenceException("cannot read RIM directory " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  private Candidate candidate(Path f, Instant now) throws EvidenceException, IOException {
    if (Files.size(f) > Rim.MAX_SIZE) {
      return new Candidate(f.getFileName().toString(), null, "too large");
    }
    try {
      Rim rim = Rim.verify(Files.readAllBytes(f), roots, now);
      return new Candidate(f.getFileName().toString(), rim, null);
    } catch (NvidiaRejectedException e) {
      return new Candidate(f.getFileName().toString(), null, e.getMessage());
    }
  }
}
