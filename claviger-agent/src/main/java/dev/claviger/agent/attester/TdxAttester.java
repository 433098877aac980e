package dev.claviger.agent.attester;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.Attester;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.attester.internal.BoundedFiles;
import dev.claviger.agent.attester.internal.CcEventLogReader;
import dev.claviger.agent.attester.internal.FsTsmReports;
import dev.claviger.agent.attester.internal.ReportData;
import dev.claviger.agent.attester.internal.TsmReportSession;
import dev.claviger.agent.attester.internal.TsmReports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Intel TDX through configfs-tsm (provider {@code tdx_guest}). Evidence is upstream's
 * {@code {"cc_eventlog":<std base64 or null>,"quote":"<std base64>"}}, in that key order.
 *
 * <p>Report data is at most 64 bytes and zero-padded to 64. Thread-safe: each call uses its own
 * configfs entry.
 */
public final class TdxAttester implements Attester, InitDataBinder {
  public static final String TEE = "tdx";
  public static final int REPORT_DATA_SIZE = 64;
  /** Linux 6.16+ exposes the TD's measurement registers here. */
  static final String MEASUREMENTS = "/sys/devices/virtual/misc/tdx_guest/measurements";
  static final String TDX_GUEST_DEVICE = "/dev/tdx_guest";

  private final PlatformPaths paths;
  private final TsmReports tsm;

  TdxAttester(PlatformPaths paths, TsmReports tsm) {
    this.paths = Objects.requireNonNull(paths, "paths");
    this.tsm = Objects.requireNonNull(tsm, "tsm");
  }

  /** The attester over the platform's configfs-tsm directory. */
  public static TdxAttester create(PlatformPaths paths) {
    return new TdxAttester(paths, new FsTsmReports(paths.tsmReport()));
  }

  /** Upstream's detection: a {@code tdx_guest} configfs-tsm provider, or {@code /dev/tdx_guest}. */
  static boolean detect(PlatformPaths paths, TsmReports tsm) {
    return TsmReportSession.probe(tsm, TsmReportSession.TDX)
        || Files.exists(paths.resolve(TDX_GUEST_DEVICE));
  }

  @Override
  public String tee() {
    return TEE;
  }

  @Override
  public JsonNode evidence(byte[] reportData) throws AttesterException {
    byte[] quote = quote(ReportData.padTo(reportData, REPORT_DATA_SIZE, TEE));
    Optional<byte[]> log = CcEventLogReader.read(paths.resolve(CcEventLogReader.CCEL_PATH), aaelPath());
    ObjectNode evidence = JsonNodeFactory.instance.objectNode();
    if (log.isPresent()) {
      evidence.put("cc_eventlog", Base64.getEncoder().encodeToString(log.get()));
    } else {
      evidence.putNull("cc_eventlog");
    }
    evidence.put("quote", Base64.getEncoder().encodeToString(quote));
    return evidence;
  }

  /** A fresh quote over {@code reportData} (exactly 64 bytes). */
  byte[] quote(byte[] reportData) throws AttesterException {
    try {
      return TsmReportSession.request(tsm, TsmReportSession.TDX, reportData, false).outblob();
    } catch (TsmReportException e) {
      throw new AttesterException("TDX quote: " + e.getMessage(), e);
    }
  }

  /**
   * This TD's report fields (MRTD, MRCONFIGID, RTMRs, ...), read from a fresh quote with zero
   * report data.
   */
  public TdQuoteFields tdReport() throws AttesterException {
    try {
      return TdQuoteFields.parse(quote(new byte[REPORT_DATA_SIZE]));
    } catch (TsmReportException e) {
      throw new AttesterException("TDX quote: " + e.getMessage(), e);
    }
  }

  /**
   * MRCONFIGID: from the 6.16+ sysfs measurements file when present (as upstream), otherwise from
   * a fresh quote, which needs no ioctl.
   */
  public byte[] mrConfigId() throws AttesterException {
    Path sysfs = paths.resolve(MEASUREMENTS + "/mrconfigid");
    if (Files.exists(sysfs)) {
      try {
        byte[] v = BoundedFiles.readBounded(sysfs, 48);
        if (v.length != 48) {
          throw new AttesterException("MRCONFIGID from " + sysfs + " is " + v.length + " bytes, expected 48");
        }
        return v;
      } catch (IOException e) {
        throw new AttesterException("cannot read MRCONFIGID: " + e.getMessage(), e);
      }
    }
    return tdReport().mrConfigId();
  }

  private Path aaelPath() {
    String p = paths.env("AAEL_PATH").orElse(CcEventLogReader.DEFAULT_AAEL_PATH);
    return p.startsWith("/") ? paths.resolve(p) : paths.root().resolve(p);
  }

  /** Upstream's {@code bind_init_data}; see {@link InitDataBinding}. */
  @Override
  public void bindInitData(byte[] digest) throws InitDataBindingException {
    InitDataBinding.tdx(this, digest);
  }

  @Override
  public String toString() {
    return "TdxAttester[" + tsm + "]";
  }
}
