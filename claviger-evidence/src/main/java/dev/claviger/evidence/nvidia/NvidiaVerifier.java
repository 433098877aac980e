package dev.claviger.evidence.nvidia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.EvidenceException;
import dev.claviger.evidence.EvidenceRejectedException;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerificationContext;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.Verifier;
import dev.claviger.evidence.VerifierAccess;
import dev.claviger.evidence.nvidia.internal.NvidiaSettings;
import dev.claviger.evidence.nvidia.internal.SpdmReport;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The {@code nvidia} verifier of the Verifier SPI (upstream's Local mode). Configuration block
 * {@code nvidia_verifier}:
 *
 * <pre>{@code
 * {"type": "Local",
 *  "device_roots": ["/etc/claviger/nvidia/device_root.pem"],  // default: built-in, pinned
 *  "device_root_sha256": ["102b..."], "rim_roots": [...], "rim_root_sha256": [...],
 *  "rim_dir": "/var/lib/claviger/nvidia-rims"}                 // optional measurement comparison
 * }</pre>
 *
 * <p>The expected report data is truncated to 32 bytes and must equal every device's requester
 * nonce; it is required, as upstream. Init data cannot be bound by a device and is ignored, as
 * upstream. One claims object per device: class {@code gpu} (Hopper, Blackwell) or {@code switch}
 * (LS10), with upstream's Local claims {@code arch}, {@code uuid}, {@code measurements},
 * {@code config}, plus {@code rim} when RIMs were compared, plus the NRAS-style
 * {@code x-nvidia-*} claims local checks can establish ({@link NrasStyleClaims}). Thread-safe.
 */
public final class NvidiaVerifier implements Verifier {
  private volatile NvidiaSettings settings;

  @Override
  public Tee tee() {
    return Tee.NVIDIA;
  }

  @Override
  public VerifiedEvidence verify(Evidence evidence, ExpectedReportData reportData,
      ExpectedInitData initData, VerificationContext ctx)
      throws EvidenceRejectedException, EvidenceException {
    Objects.requireNonNull(evidence, "evidence");
    NvidiaSettings s = settings(ctx.config().options("nvidia_verifier")
        .orElse(JsonNodeFactory.instance.objectNode()));
    if (!reportData.isProvided()) {
      throw new NvidiaRejectedException(NvidiaError.NONCE_MISMATCH,
          "no expected nonce: NVIDIA evidence is only accepted bound to a nonce");
    }
    byte[] nonce = Tee.NVIDIA.reportDataRule().expectedField(reportData.digest().orElseThrow());
    NvidiaEvidence parsed = NvidiaEvidence.fromJson(evidence.json());
    NvidiaDeviceVerifier devices = new NvidiaDeviceVerifier(s.deviceRoots());
    VerifierAccess.Builder result = ctx.access().builder();
    RimAppraisal rims = s.rimDir().map(dir -> new RimAppraisal(s.rimRoots(), dir, ctx.now()))
        .orElse(null);
    for (NvidiaEvidence.Device d : parsed.devices()) {
      NvidiaDeviceVerifier.Result r = devices.verify(d.report(), d.pemChain(), nonce, ctx.now(),
          d.arch().teeClass() == dev.claviger.evidence.TeeClass.GPU);
      if (d.arch().teeClass() == dev.claviger.evidence.TeeClass.GPU
          && !r.config().has("driver_version")) {
        throw new NvidiaRejectedException(NvidiaError.MALFORMED, "GPU report lacks driver_version");
      }
      ObjectNode claims = claims(d, r);
      JsonNode rim = null;
      if (rims != null) {
        rim = rims.appraise(r.report(), r.config());
        claims.set("rim", rim);
      }
      NrasStyleClaims.add(claims, d.arch(), r.leaf(), r.config(), rim);
      result.device(d.arch().teeClass(), claims);
    }
    return result.boundReportData(nonce).build();
  }

  /** Upstream's Local claims: arch, uuid, measurements {index: hex}, config (opaque data). */
  static ObjectNode claims(NvidiaEvidence.Device d, NvidiaDeviceVerifier.Result r) {
    ObjectNode c = JsonNodeFactory.instance.objectNode();
    c.put("arch", d.arch().claimName());
    c.put("uuid", d.uuid());
    ObjectNode m = c.putObject("measurements");
    for (SpdmReport.MeasurementBlock b : r.report().blocks()) {
      m.put(Integer.toString(b.index()), HexFormat.of().formatHex(b.value()));
    }
    c.set("config", r.config());
    // Newer upstream (claims.rs, 2026) tags the form and hoists the two versions to the top;
    // both shapes are emitted so policies written against either find them.
    c.put("verifier", "local");
    if (r.config().has("driver_version")) {
      c.put("driver_version", r.config().get("driver_version").asText());
    }
    c.put("vbios_version", r.config().get("vbios_version").asText());
    return c;
  }

  private NvidiaSettings settings(JsonNode config) throws EvidenceException {
    NvidiaSettings s = settings;
    if (s == null || !s.config().equals(config)) {
      s = NvidiaSettings.from(config);
      settings = s;
    }
    return s;
  }
}
