package dev.claviger.evidence.dcap.internal;

import dev.claviger.evidence.dcap.DcapError;
import dev.claviger.evidence.dcap.DcapRejectedException;
import dev.claviger.evidence.dcap.TcbStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * TCB level matching as Intel's QVL does it: platform level (SGX components + PCESVN, and for TDX
 * TEE_TCB_SVN with bytes 0-1 skipped when byte 1 names a module version), TDX module identity,
 * QE identity level, then status convergence and advisory union.
 */
public final class TcbEvaluator {
  private TcbEvaluator() {}

  /** Outcome of the evaluation. */
  public record Verdict(TcbStatus status, TcbStatus platformStatus, TcbStatus qeStatus,
      Optional<TcbStatus> moduleStatus, List<String> advisoryIds, Instant tcbDate) {
    public Verdict {
      advisoryIds = List.copyOf(advisoryIds);
    }
  }

  /** Evaluates a verified quote against verified collateral. */
  public static Verdict evaluate(Quote q, PckExtensions pck, TcbInfo info, QeIdentity qe)
      throws DcapRejectedException {
    checkFits(q, pck, info);
    byte[] teeSvn = q.isTdx() ? q.bodyField(TdReport.TEE_TCB_SVN, 16) : null;
    TcbLevel platform = platformLevel(info, pck, teeSvn);
    Optional<TcbLevel> module = q.isTdx() ? moduleLevel(q, info, teeSvn) : Optional.empty();
    TcbLevel qeLevel = qeLevel(q.qe().qeReport(), qe);

    TcbStatus status = platform.status();
    if (module.isPresent()) {
      status = converge(status, module.get().status());
    }
    status = converge(status, qeLevel.status());
    status = relaunch(q, info, pck, status, qeLevel.status());

    Set<String> advisories = new LinkedHashSet<>(platform.advisoryIds());
    module.ifPresent(m -> advisories.addAll(m.advisoryIds()));
    advisories.addAll(qeLevel.advisoryIds());
    Instant date = platform.tcbDate();
    if (!qeLevel.tcbDate().equals(Instant.EPOCH) && qeLevel.tcbDate().isBefore(date)) {
      date = qeLevel.tcbDate();
    }
    return new Verdict(status, platform.status(), qeLevel.status(), module.map(TcbLevel::status),
        List.copyOf(advisories), date);
  }

  private static void checkFits(Quote q, PckExtensions pck, TcbInfo info) throws DcapRejectedException {
    if (info.isTdx() != q.isTdx()) {
      throw new DcapRejectedException(DcapError.COLLATERAL_INVALID, "TCB Info id " + info.id() + " for a "
          + (q.isTdx() ? "TDX" : "SGX") + " quote");
    }
    if (!Arrays.equals(info.fmspc(), pck.fmspc()) || !Arrays.equals(info.pceId(), pck.pceId())) {
      throw new DcapRejectedException(DcapError.COLLATERAL_INVALID, "TCB Info FMSPC/PCE-ID differ from the PCK's");
    }
  }

  static TcbLevel platformLevel(TcbInfo info, PckExtensions pck, byte[] teeSvn) throws DcapRejectedException {
    int[] comps = pck.tcbComponents();
    for (TcbLevel l : info.levels()) {
      if (sgxHigherOrEqual(l, comps) && pck.pceSvn() >= l.pceSvn() && (teeSvn == null || tdxHigherOrEqual(l, teeSvn))) {
        return l;
      }
    }
    throw new DcapRejectedException(DcapError.TCB_NOT_SUPPORTED, "no TCB level of TCB Info (FMSPC "
        + dev.claviger.core.Hex.encode(pck.fmspc()) + ") matches the platform");
  }

  private static boolean sgxHigherOrEqual(TcbLevel l, int[] comps) {
    for (int i = 0; i < 16; i++) {
      if (comps[i] < l.sgx(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean tdxHigherOrEqual(TcbLevel l, byte[] teeSvn) {
    // Bytes 0-1 are the module SVN and version when byte 1 is set; the module identity judges them.
    for (int i = (teeSvn[1] & 0xff) > 0 ? 2 : 0; i < 16; i++) {
      if ((teeSvn[i] & 0xff) < l.tdx(i)) {
        return false;
      }
    }
    return true;
  }

  private static Optional<TcbLevel> moduleLevel(Quote q, TcbInfo info, byte[] teeSvn)
      throws DcapRejectedException {
    byte[] mrSignerSeam = q.bodyField(TdReport.MR_SIGNER_SEAM, 48);
    byte[] seamAttr = q.bodyField(TdReport.SEAM_ATTRIBUTES, 8);
    int version = teeSvn[1] & 0xff;
    if (version == 0 || info.moduleIdentities().isEmpty()) {
      TcbInfo.TdxModule m = info.tdxModule();
      requireModule(m.mrSigner(), m.attributes(), m.attributesMask(), mrSignerSeam, seamAttr, "tdxModule");
      return Optional.empty();
    }
    String id = String.format(Locale.ROOT, "TDX_%02X", version);
    TcbInfo.ModuleIdentity mi = info.moduleIdentities().stream().filter(x -> x.id().equals(id)).findFirst()
        .orElseThrow(() -> new DcapRejectedException(DcapError.TCB_NOT_SUPPORTED, "no TDX module identity " + id));
    requireModule(mi.mrSigner(), mi.attributes(), mi.attributesMask(), mrSignerSeam, seamAttr, id);
    int isvSvn = teeSvn[0] & 0xff;
    for (TcbLevel l : mi.levels()) {
      if (l.isvSvn() <= isvSvn) {
        return Optional.of(l);
      }
    }
    throw new DcapRejectedException(DcapError.TCB_NOT_SUPPORTED, "no level of " + id + " for module SVN " + isvSvn);
  }

  private static void requireModule(byte[] mrSigner, byte[] attr, byte[] mask, byte[] mrSignerSeam,
      byte[] seamAttr, String what) throws DcapRejectedException {
    if (!Arrays.equals(mrSigner, mrSignerSeam) || !maskedEquals(seamAttr, mask, attr)) {
      throw new DcapRejectedException(DcapError.TDX_MODULE_MISMATCH,
          "MRSIGNER_SEAM or SEAM attributes do not match " + what);
    }
  }

  static TcbLevel qeLevel(SgxReport r, QeIdentity id) throws DcapRejectedException {
    if (!Arrays.equals(r.mrSigner(), id.mrSigner()) || r.isvProdId() != id.isvProdId()
        || (r.miscSelect() & id.miscSelectMask()) != id.miscSelect()
        || !maskedEquals(r.attributes(), id.attributesMask(), id.attributes())) {
      throw new DcapRejectedException(DcapError.QE_IDENTITY_MISMATCH,
          "QE report does not match " + id.id() + " identity (MRSIGNER, ISVPRODID, MISCSELECT, ATTRIBUTES)");
    }
    for (TcbLevel l : id.levels()) {
      if (l.isvSvn() <= r.isvSvn()) {
        return l;
      }
    }
    // QVL: an ISVSVN below every level is out of date, not unsupported.
    return new TcbLevel(new int[0], -1, new int[0], r.isvSvn(), Instant.EPOCH, TcbStatus.OUT_OF_DATE, List.of());
  }

  private static boolean maskedEquals(byte[] value, byte[] mask, byte[] expected) {
    if (value.length != mask.length || mask.length != expected.length) {
      return false;
    }
    for (int i = 0; i < value.length; i++) {
      if ((value[i] & mask[i]) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  /** Intel's convergence of the platform status with a QE or module status. */
  static TcbStatus converge(TcbStatus platform, TcbStatus other) {
    if (other == TcbStatus.REVOKED || platform == TcbStatus.REVOKED) {
      return TcbStatus.REVOKED;
    }
    if (other == TcbStatus.OUT_OF_DATE || other == TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED) {
      return switch (platform) {
        case UP_TO_DATE, SW_HARDENING_NEEDED -> TcbStatus.OUT_OF_DATE;
        case CONFIGURATION_NEEDED, CONFIGURATION_AND_SW_HARDENING_NEEDED -> TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED;
        default -> platform;
      };
    }
    return platform;
  }

  /**
   * TD 1.5 after a TD-preserving module update: when the TD's TCB is out of date only because of
   * the module it was launched with, and the current module (TEE_TCB_SVN2) is up to date, a
   * relaunch fixes it.
   */
  private static TcbStatus relaunch(Quote q, TcbInfo info, PckExtensions pck, TcbStatus status,
      TcbStatus qeStatus) {
    if (q.bodyType() != Quote.BodyType.TD15 || qeStatus != TcbStatus.UP_TO_DATE
        || (status != TcbStatus.OUT_OF_DATE && status != TcbStatus.OUT_OF_DATE_CONFIGURATION_NEEDED)) {
      return status;
    }
    byte[] svn2 = q.bodyField(TdReport.TEE_TCB_SVN2, 16);
    if (Arrays.equals(svn2, q.bodyField(TdReport.TEE_TCB_SVN, 16))) {
      return status;
    }
    try {
      TcbStatus latest = platformLevel(info, pck, svn2).status();
      Optional<TcbLevel> module = moduleLevel(q, info, svn2);
      if (module.isPresent()) {
        latest = converge(latest, module.get().status());
      }
      if (latest == TcbStatus.UP_TO_DATE || latest == TcbStatus.SW_HARDENING_NEEDED) {
        return TcbStatus.TD_RELAUNCH_ADVISED;
      }
      if (latest == TcbStatus.CONFIGURATION_NEEDED || latest == TcbStatus.CONFIGURATION_AND_SW_HARDENING_NEEDED) {
        return TcbStatus.TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED;
      }
    } catch (DcapRejectedException e) {
      return status;
    }
    return status;
  }
}
