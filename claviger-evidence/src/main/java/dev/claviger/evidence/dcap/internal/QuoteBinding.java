package dev.claviger.evidence.dcap.internal;

import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.VerifierAccess;
import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapRejectedException;
import java.security.MessageDigest;

/**
 * Report-data and init-data checks with the TEE's binding rule (upstream pads or truncates the
 * digest to the field: 64 bytes of report data; TDX MR_CONFIG_ID 48, SGX CONFIG_ID 64).
 */
public final class QuoteBinding {
  private QuoteBinding() {}

  public static void check(Tee tee, byte[] reportField, byte[] initField, ExpectedReportData reportData,
      ExpectedInitData initData, VerifierAccess.Builder result) throws DcapRejectedException {
    if (reportData.isProvided()) {
      byte[] want = tee.reportDataRule().expectedField(reportData.digest().orElseThrow());
      if (!MessageDigest.isEqual(want, reportField)) {
        throw new DcapRejectedException(DcapError.REPORT_DATA_MISMATCH,
            "quote report data does not bind the expected runtime data");
      }
      result.boundReportData(reportField);
    }
    if (initData.isProvided()) {
      byte[] digest = initData.digest().orElseThrow();
      byte[] want = tee.initDataRule().expectedField(digest);
      if (!MessageDigest.isEqual(want, initField)) {
        throw new DcapRejectedException(DcapError.INIT_DATA_MISMATCH,
            (tee == Tee.TDX ? "MR_CONFIG_ID" : "CONFIG_ID") + " does not bind the init data");
      }
      result.boundInitData(digest);
    }
  }
}
