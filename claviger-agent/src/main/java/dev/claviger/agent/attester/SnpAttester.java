package dev.claviger.agent.attester;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.Attester;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.attester.internal.FsTsmReports;
import dev.claviger.agent.attester.internal.ReportData;
import dev.claviger.agent.attester.internal.SevGuestIoctl;
import dev.claviger.agent.attester.internal.SnpCertTable;
import dev.claviger.agent.attester.internal.SnpReportJson;
import dev.claviger.agent.attester.internal.TsmReportSession;
import dev.claviger.agent.attester.internal.TsmReports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * AMD SEV-SNP. Reports come from configfs-tsm (provider {@code sev_guest}; {@code outblob} is the
 * 1184-byte report, {@code auxblob} the host's certificate table) when the kernel offers it, and
 * otherwise from {@code /dev/sev-guest} ({@code SNP_GET_EXT_REPORT}, VMPL 0, as upstream; needs
 * JDK 22+).
 *
 * <p>Evidence is upstream's {@code {"attestation_report":{...},"cert_chain":[...] or null}}, the
 * serde form of sev 6.3's {@code AttestationReport} and {@code CertTableEntry}. Report data is at
 * most 64 bytes, zero-padded.
 */
public final class SnpAttester implements Attester, InitDataBinder {
  public static final String TEE = "snp";
  public static final int REPORT_DATA_SIZE = 64;
  static final String PLATFORM_DEVICE = "/sys/devices/platform/sev-guest";
  static final String GUEST_DEVICE = "/dev/sev-guest";

  private final PlatformPaths paths;
  private final TsmReports tsm;

  SnpAttester(PlatformPaths paths, TsmReports tsm) {
    this.paths = Objects.requireNonNull(paths, "paths");
    this.tsm = Objects.requireNonNull(tsm, "tsm");
  }

  public static SnpAttester create(PlatformPaths paths) {
    return new SnpAttester(paths, new FsTsmReports(paths.tsmReport()));
  }

  /** Upstream's detection: the sev-guest platform device exists. */
  static boolean detect(PlatformPaths paths) {
    return Files.exists(paths.resolve(PLATFORM_DEVICE));
  }

  @Override
  public String tee() {
    return TEE;
  }

  @Override
  public JsonNode evidence(byte[] reportData) throws AttesterException {
    SevGuestIoctl.ExtReport r = report(ReportData.padTo(reportData, REPORT_DATA_SIZE, TEE));
    try {
      ObjectNode evidence = JsonNodeFactory.instance.objectNode();
      evidence.set("attestation_report", SnpReportJson.render(r.report()));
      if (r.certTable().isPresent()) {
        evidence.set("cert_chain", SnpCertTable.render(SnpCertTable.parse(r.certTable().get())));
      } else {
        evidence.putNull("cert_chain");
      }
      return evidence;
    } catch (SnpReportJson.BadReportException e) {
      throw new AttesterException(e.getMessage(), e);
    }
  }

  /** HOST_DATA of this guest, from a fresh report with zero report data. */
  public byte[] hostData() throws AttesterException {
    try {
      return SnpReportJson.hostData(report(new byte[REPORT_DATA_SIZE]).report());
    } catch (SnpReportJson.BadReportException e) {
      throw new AttesterException(e.getMessage(), e);
    }
  }

  /** configfs-tsm when its provider is sev_guest, else the ioctl. */
  private SevGuestIoctl.ExtReport report(byte[] reportData) throws AttesterException {
    if (TsmReportSession.probe(tsm, TsmReportSession.SEV)) {
      try {
        TsmReportSession.Result r = TsmReportSession.request(tsm, TsmReportSession.SEV, reportData, true);
        if (r.outblob().length != SnpReportJson.SIZE) {
          throw new TsmReportException(TsmReportException.Reason.MALFORMED_OUTBLOB,
              "SNP outblob is " + r.outblob().length + " bytes, expected " + SnpReportJson.SIZE);
        }
        return new SevGuestIoctl.ExtReport(r.outblob(), r.auxblob());
      } catch (TsmReportException e) {
        throw new AttesterException("SNP report: " + e.getMessage(), e);
      }
    }
    Path device = paths.resolve(GUEST_DEVICE);
    if (!Files.exists(device)) {
      throw new AttesterException("SNP report: neither a configfs-tsm sev_guest provider nor "
          + GUEST_DEVICE + " is present");
    }
    return SevGuestIoctl.extendedReport(device, reportData, 0);
  }

  /** Whether reports can come from the ioctl on this runtime (JDK 22+ with the multi-release jar). */
  public static boolean ioctlSupported() {
    return SevGuestIoctl.supported();
  }

  /** Upstream's {@code bind_init_data}; see {@link InitDataBinding}. */
  @Override
  public void bindInitData(byte[] digest) throws InitDataBindingException {
    InitDataBinding.snp(this, digest);
  }

  @Override
  public String toString() {
    return "SnpAttester[" + tsm + "]";
  }
}
