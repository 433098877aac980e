package dev.claviger.agent.attester.internal;

import dev.claviger.agent.attester.TsmReportException;
import dev.claviger.agent.attester.TsmReportException.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configfs-tsm exchange, as upstream's {@code TsmReportPath}: create an entry, check that
 * {@code provider} is exactly the expected one, write {@code inblob}, read {@code outblob} (and
 * {@code auxblob} when asked), check {@code generation}, remove the entry.
 *
 * <p>Stricter than upstream in two places: {@code generation} must be exactly 1 (upstream accepts
 * 0, which would mean our write never reached the kernel), and an empty {@code outblob} is an
 * error rather than an empty quote.
 */
public final class TsmReportSession {
  private static final Logger LOG = LoggerFactory.getLogger(TsmReportSession.class);

  public static final String TDX = "tdx_guest\n";
  public static final String SEV = "sev_guest\n";
  public static final String CCA = "arm_cca_guest\n";
  private static final Set<String> KNOWN = Set.of(TDX, SEV, CCA);

  /** Quotes and tokens are a few KiB; a CCA token with many claims stays far below this. */
  public static final int MAX_OUTBLOB = 64 * 1024;
  /** The SNP certificate table (ARK, ASK, VCEK, CRLs) fits in a few pages. */
  public static final int MAX_AUXBLOB = 64 * 1024;
  /** configfs-tsm caps inblob at 64 bytes (TSM_INBLOB_MAX). */
  public static final int MAX_INBLOB = 64;
  private static final int MAX_SMALL_ATTRIBUTE = 64;

  /** What one exchange returned. */
  public record Result(byte[] outblob, Optional<byte[]> auxblob) {}

  private TsmReportSession() {}

  /** Whether an entry can be created and its provider is {@code provider}. */
  public static boolean probe(TsmReports reports, String provider) {
    if (!reports.available()) {
      return false;
    }
    TsmReports.Entry entry;
    try {
      entry = reports.create();
    } catch (IOException | RuntimeException e) {
      LOG.debug("configfs-tsm probe for {}: cannot create an entry: {}", provider.strip(), e.getMessage());
      return false;
    }
    try {
      checkProvider(entry, provider);
      return true;
    } catch (TsmReportException | IOException | RuntimeException e) {
      LOG.debug("configfs-tsm probe for {} failed: {}", provider.strip(), e.getMessage());
      return false;
    } finally {
      remove(entry);
    }
  }

  /** Runs one exchange with {@code inblob}; reads {@code auxblob} too when {@code withAux}. */
  public static Result request(TsmReports reports, String provider, byte[] inblob, boolean withAux)
      throws TsmReportException {
    if (inblob.length == 0 || inblob.length > MAX_INBLOB) {
      throw new TsmReportException(Reason.BAD_INBLOB,
          "inblob must be 1.." + MAX_INBLOB + " bytes, got " + inblob.length);
    }
    if (!reports.available()) {
      throw new TsmReportException(Reason.NOT_AVAILABLE,
          "configfs-tsm report interface not found (" + reports + ")");
    }
    TsmReports.Entry entry;
    try {
      entry = reports.create();
    } catch (IOException e) {
      throw new TsmReportException(Reason.IO, "cannot create a configfs-tsm entry: " + e, e);
    }
    try {
      return exchange(entry, provider, inblob, withAux);
    } catch (IOException e) {
      throw new TsmReportException(Reason.IO, "configfs-tsm entry " + entry.name() + ": " + e, e);
    } finally {
      remove(entry);
    }
  }

  /**
   * rmdir; a failure leaks one entry (the kernel frees it on the next rmdir or reboot) but does not
   * make the report we already hold wrong, so it is logged, as upstream does, not thrown.
   */
  private static void remove(TsmReports.Entry entry) {
    try {
      entry.close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("cannot remove configfs-tsm entry {}: {}", entry.name(), e.toString());
    }
  }

  private static Result exchange(TsmReports.Entry entry, String provider, byte[] inblob,
      boolean withAux) throws TsmReportException, IOException {
    checkProvider(entry, provider);
    entry.write("inblob", inblob);
    byte[] out = bounded(entry, "outblob", MAX_OUTBLOB);
    if (out.length == 0) {
      throw new TsmReportException(Reason.EMPTY_OUTBLOB,
          "the platform returned an empty outblob for provider " + provider.strip()
              + " (the TSM could not produce a report; see the kernel log)");
    }
    checkGeneration(entry);
    Optional<byte[]> aux = Optional.empty();
    if (withAux && entry.has("auxblob")) {
      byte[] a = bounded(entry, "auxblob", MAX_AUXBLOB);
      checkGeneration(entry); // the aux blob belongs to the same generation as the outblob
      aux = a.length == 0 ? Optional.empty() : Optional.of(a);
    }
    return new Result(out, aux);
  }

  static void checkProvider(TsmReports.Entry entry, String wanted)
      throws TsmReportException, IOException {
    String actual = new String(bounded(entry, "provider", MAX_SMALL_ATTRIBUTE),
        StandardCharsets.US_ASCII);
    if (actual.equals(wanted)) {
      return;
    }
    if (KNOWN.contains(actual)) {
      throw new TsmReportException(Reason.WRONG_PROVIDER,
          "configfs-tsm provider is " + actual.strip() + ", expected " + wanted.strip());
    }
    throw new TsmReportException(Reason.UNKNOWN_PROVIDER,
        "configfs-tsm provider " + printable(actual) + " is unknown, expected " + wanted.strip());
  }

  private static void checkGeneration(TsmReports.Entry entry)
      throws TsmReportException, IOException {
    String g = new String(bounded(entry, "generation", MAX_SMALL_ATTRIBUTE),
        StandardCharsets.US_ASCII);
    String digits = g.endsWith("\n") ? g.substring(0, g.length() - 1) : g;
    if (!digits.equals("1")) {
      throw new TsmReportException(Reason.GENERATION_MISMATCH,
          "configfs-tsm generation is " + printable(digits)
              + ", expected 1: another writer used entry " + entry.name() + " or our write was lost");
    }
  }

  private static byte[] bounded(TsmReports.Entry entry, String attribute, int max)
      throws TsmReportException, IOException {
    byte[] b = entry.read(attribute, max);
    if (b.length > max) {
      throw new TsmReportException(Reason.TOO_LARGE,
          "configfs-tsm " + attribute + " is larger than " + max + " bytes");
    }
    return b;
  }

  private static String printable(String s) {
    String cut = s.length() > 32 ? s.substring(0, 32) + "..." : s;
    return "'" + cut.replaceAll("[^\\x20-\\x7e]", "?") + "'";
  }
}
