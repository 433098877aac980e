package dev.claviger.evidence.azure.internal;

import dev.claviger.evidence.tpm.internal.TpmReader;
import dev.claviger.evidence.tpm.TpmFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An Azure paravisor (HCL) attestation report: a 32-byte header {"HCLA", version, report_size,
 * request_type, status, reserved[3]}, a 1184-byte hardware report area (an SEV-SNP report, or a
 * TDREPORT in its first 1024 bytes), IGVM request data {data_size, version, report_type,
 * report_data_hash_type, variable_data_size} and the variable data (runtime-claims JSON). All
 * integers little-endian. The buffer may be longer than report_size (zero padding).
 *
 * @param version header version
 * @param type the hardware report type
 * @param hardwareReport the hardware report (1184 bytes for SNP, 1024 for TDX)
 * @param variableData the runtime-claims JSON bytes, exactly as hashed
 */
public record HclReport(long version, Type type, byte[] hardwareReport, byte[] variableData) {
  static final int HEADER = 32;
  static final int HW_AREA = 1184;
  static final int IGVM_HEADER = 20;
  static final int TDREPORT = 1024;
  /** Far above real reports (2–3 KB); the var data is a small JSON document. */
  public static final int MAX_SIZE = 64 * 1024;
  static final byte[] MAGIC = "HCLA".getBytes(StandardCharsets.US_ASCII);
  /** IGVM report_data_hash_type 1: SHA-256 of the variable data. */
  static final long HASH_SHA256 = 1;

  /** The hardware report kind (IGVM report_type). */
  public enum Type { SNP, TDX }

  public static HclReport parse(byte[] raw) throws TpmFormatException {
    if (raw.length > MAX_SIZE) {
      throw new TpmFormatException("HCL report of " + raw.length + " bytes exceeds " + MAX_SIZE);
    }
    TpmReader r = TpmReader.littleEndian(raw, "HCL report");
    if (!Arrays.equals(r.bytes(4, "signature"), MAGIC)) {
      throw new TpmFormatException("HCL report: signature is not \"HCLA\"");
    }
    long version = r.u32("version");
    long reportSize = r.u32("report_size");
    r.u32("request_type");
    long status = r.u32("status");
    r.bytes(12, "reserved");
    if (status != 0) {
      throw new TpmFormatException("HCL report: status " + status + " (the paravisor failed)");
    }
    byte[] hw = r.bytes(HW_AREA, "hw_report");
    long dataSize = r.u32("data_size");
    r.u32("igvm.version");
    long reportType = r.u32("report_type");
    long hashType = r.u32("report_data_hash_type");
    long varSize = r.u32("variable_data_size");
    Type type = switch ((int) reportType) {
      case 2 -> Type.SNP;
      case 4 -> Type.TDX;
      default -> throw new TpmFormatException("HCL report: unsupported report_type " + reportType);
    };
    if (hashType != HASH_SHA256) {
      throw new TpmFormatException("HCL report: unsupported report_data_hash_type " + hashType);
    }
    if (dataSize != IGVM_HEADER + varSize || HEADER + HW_AREA + dataSize != reportSize
        || reportSize > raw.length) {
      throw new TpmFormatException("HCL report: inconsistent sizes (report_size " + reportSize
          + ", data_size " + dataSize + ", variable_data_size " + varSize + ", buffer "
          + raw.length + ")");
    }
    byte[] var = r.bytes(varSize, "variable_data");
    byte[] hwReport = type == Type.TDX ? Arrays.copyOf(hw, TDREPORT) : hw;
    return new HclReport(version, type, hwReport, var);
  }

  /** REPORT_DATA of the hardware report (SNP offset 0x50; TDREPORT REPORTMACSTRUCT +128). */
  public byte[] hardwareReportData() {
    int off = type == Type.SNP ? 0x50 : 128;
    return Arrays.copyOfRange(hardwareReport, off, off + 64);
  }

  @Override
  public byte[] hardwareReport() {
    return hardwareReport.clone();
  }

  @Override
  public byte[] variableData() {
    return variableData.clone();
  }
}
