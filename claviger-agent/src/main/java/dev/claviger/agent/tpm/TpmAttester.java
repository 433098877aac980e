package dev.claviger.agent.tpm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.Attester;
import dev.claviger.agent.AttesterException;
import dev.claviger.agent.attester.PlatformPaths;
import dev.claviger.agent.tpm.internal.AttestInfo;
import dev.claviger.agent.tpm.internal.PcrSelections;
import dev.claviger.agent.tpm.internal.TpmCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Upstream's {@code tpm} attester: a TPM2_Quote over the 24 SHA-256 PCRs signed by an AK kept
 * at a persistent handle. Evidence, exactly as guest-components emits it:
 * <pre>{"tpm_quote":{"signature":"&lt;std b64 TPMT_SIGNATURE&gt;","message":"&lt;std b64 TPMS_ATTEST&gt;",
 *  "pcrs":["&lt;hex&gt;" x24]},"ak_public":"&lt;std b64 DER SPKI&gt;"}</pre>
 * The report data is truncated or zero-padded to 32 bytes and becomes the quote's qualifying
 * data. Unlike upstream, which requires the AK to exist, a missing AK is created (RSA-2048
 * RSASSA-SHA256 restricted signing key under the owner hierarchy's storage primary) and
 * persisted; an existing key at the handle is used only if it is an RSA attestation key.
 *
 * <p>Thread-safe: TPM access is serialized, and each operation opens and closes the TPM so that
 * other TPM users (tpm2-tools, a second agent) are not locked out between operations.
 */
public final class TpmAttester implements Attester {
  public static final String TEE = "tpm";
  /** A device path or {@code swtpm:host=H,port=P}, see {@link TpmTcti}. */
  public static final String ENV_DEVICE = "AA_TPM_DEVICE";
  /** The AK's persistent handle, hex with or without {@code 0x}. */
  public static final String ENV_AK_HANDLE = "AA_TPM_AK_HANDLE";
  public static final int DEFAULT_AK_HANDLE = 0x81010002;
  /** Upstream extends the init-data digest into this PCR. */
  public static final int INIT_DATA_PCR = 8;
  static final int REPORT_DATA_SIZE = 32;
  private static final List<String> DEVICES =
      List.of("/dev/tpmrm0", "/dev/tpm0", "/dev/tpm1", "/dev/tpm2");
  private static final int QUOTE_ATTEMPTS = 3;

  private final TpmTcti tcti;
  private final int akHandle;
  private final Opener opener;
  private final ReentrantLock lock = new ReentrantLock();
  private final AkProvisioner provisioner;
  private boolean started;

  /** Opens a connection to the TPM; tests substitute a scripted TPM. */
  interface Opener {
    Tpm open(TpmTcti tcti) throws TpmException;
  }

  private TpmAttester(TpmTcti tcti, int akHandle, Opener opener) {
    this.tcti = Objects.requireNonNull(tcti, "tcti");
    this.akHandle = akHandle;
    this.opener = opener;
    this.provisioner = new AkProvisioner(akHandle, Tpm.Hierarchy.OWNER);
  }

  private TpmAttester(TpmTcti tcti, int akHandle) {
    this(tcti, akHandle, Tpm::open);
  }

  static TpmAttester withOpener(TpmTcti tcti, int akHandle, Opener opener) {
    return new TpmAttester(tcti, akHandle, opener);
  }

  /**
   * Present when {@code AA_TPM_DEVICE} is set (a device resolved under {@code p.root()}, or a
   * swtpm endpoint, which is not contacted here), else when {@code /dev/tpmrm0} or
   * {@code /dev/tpm0..2} exists. The resource-managed {@code /dev/tpmrm0} comes first because
   * it isolates our transient objects from other TPM users.
   *
   * @throws AttesterException when {@code AA_TPM_DEVICE} or {@code AA_TPM_AK_HANDLE} is set but
   *     malformed, or names a device that does not exist: an explicit TPM choice that cannot be
   *     honoured is an error, not a reason to fall back to another TEE
   */
  public static Optional<Attester> detect(PlatformPaths p) throws AttesterException {
    Objects.requireNonNull(p, "p");
    int ak = akHandle(p.env(ENV_AK_HANDLE));
    Optional<String> configured = p.env(ENV_DEVICE);
    if (configured.isPresent()) {
      TpmTcti tcti;
      try {
        tcti = TpmTcti.parse(configured.get());
      } catch (IllegalArgumentException e) {
        throw new AttesterException(ENV_DEVICE + ": " + e.getMessage());
      }
      if (tcti instanceof TpmTcti.Device d) {
        Path resolved = p.resolve(d.path().toString());
        if (!Files.exists(resolved)) {
          throw new AttesterException(ENV_DEVICE + " names " + d.path()
              + ", which does not exist");
        }
        tcti = new TpmTcti.Device(resolved);
      }
      return Optional.of(new TpmAttester(tcti, ak));
    }
    for (String dev : DEVICES) {
      Path resolved = p.resolve(dev);
      if (Files.exists(resolved)) {
        return Optional.of(new TpmAttester(new TpmTcti.Device(resolved), ak));
      }
    }
    return Optional.empty();
  }

  /** An attester for an explicit TPM and persistent AK handle (0x81xxxxxx). */
  public static TpmAttester create(TpmTcti tcti, int akHandle) {
    if (akHandle >>> 24 != TpmCodes.HT_PERSISTENT) {
      throw new IllegalArgumentException("AK handle 0x" + Integer.toHexString(akHandle)
          + " is not a persistent handle (0x81000000-0x81ffffff)");
    }
    return new TpmAttester(tcti, akHandle);
  }

  static int akHandle(Optional<String> value) throws AttesterException {
    if (value.isEmpty()) {
      return DEFAULT_AK_HANDLE;
    }
    String hex = value.get().startsWith("0x") ? value.get().substring(2) : value.get();
    int handle;
    try {
      if (hex.isEmpty() || hex.length() > 8) {
        throw new NumberFormatException("length");
      }
      handle = Integer.parseUnsignedInt(hex, 16);
    } catch (NumberFormatException e) {
      throw new AttesterException(ENV_AK_HANDLE + " '" + value.get() + "' is not a hex handle");
    }
    if (handle >>> 24 != TpmCodes.HT_PERSISTENT) {
      throw new AttesterException(ENV_AK_HANDLE + " 0x" + Integer.toHexString(handle)
          + " is not a persistent handle (0x81000000-0x81ffffff)");
    }
    return handle;
  }

  @Override
  public String tee() {
    return TEE;
  }

  public TpmTcti tcti() {
    return tcti;
  }

  public int akHandle() {
    return akHandle;
  }

  @Override
  public JsonNode evidence(byte[] reportData) throws AttesterException {
    byte[] nonce = Arrays.copyOf(Objects.requireNonNull(reportData, "reportData"),
        REPORT_DATA_SIZE);
    return withTpm("quote", tpm -> {
      TpmPublic ak = provisioner.ensure(tpm);
      for (int attempt = 0; attempt < QUOTE_ATTEMPTS; attempt++) {
        TpmQuote quote = tpm.quote(akHandle, nonce);
        List<byte[]> pcrs = tpm.pcrRead();
        if (matches(quote, nonce, pcrs)) {
          return toJson(quote, pcrs, ak);
        }
      }
      throw TpmException.unsuitable("PCRs changed between quote and PCR read in each of "
          + QUOTE_ATTEMPTS + " attempts");
    });
  }

  /**
   * Upstream sends PCR values read after the quote, so a concurrent extend would produce
   * evidence whose PCRs contradict the signed digest. Checking the digest here turns that race
   * into a retry instead of a refusal at the verifier.
   */
  private static boolean matches(TpmQuote quote, byte[] nonce, List<byte[]> pcrs)
      throws TpmException {
    AttestInfo info = AttestInfo.parseQuote(quote.attest());
    if (!MessageDigest.isEqual(info.extraData(), nonce)) {
      throw TpmException.malformed("the quote does not carry the requested nonce");
    }
    if (!Arrays.equals(info.selection(), PcrSelections.sha256(PcrSelections.all()))) {
      throw TpmException.malformed("the quote does not cover exactly SHA-256 PCRs 0-23");
    }
    MessageDigest sha256 = sha256();
    pcrs.forEach(sha256::update);
    return MessageDigest.isEqual(sha256.digest(), info.pcrDigest());
  }

  private static JsonNode toJson(TpmQuote quote, List<byte[]> pcrs, TpmPublic ak) {
    ObjectNode evidence = JsonNodeFactory.instance.objectNode();
    ObjectNode tq = evidence.putObject("tpm_quote");
    tq.put("signature", Base64.getEncoder().encodeToString(quote.signature()));
    tq.put("message", Base64.getEncoder().encodeToString(quote.attest()));
    ArrayNode values = tq.putArray("pcrs");
    pcrs.forEach(v -> values.add(HexFormat.of().formatHex(v)));
    evidence.put("ak_public", Base64.getEncoder().encodeToString(ak.spki().orElseThrow()));
    return evidence;
  }

  /**
   * Binds init data as upstream does: extends SHA-256 PCR 8 with the digest, so a fresh PCR 8
   * reads SHA-256(0^32 ‖ digest). Only a 32-byte (sha256) digest fits the SHA-256 bank; upstream
   * refuses other lengths too.
   */
  public void bindInitData(byte[] digest) throws AttesterException {
    extendRuntimeMeasurement(INIT_DATA_PCR, digest);
  }

  /** Extends SHA-256 PCR {@code pcr} (0-23) with a 32-byte digest (upstream's AAEL path). */
  public void extendRuntimeMeasurement(int pcr, byte[] digest) throws AttesterException {
    Objects.requireNonNull(digest, "digest");
    if (digest.length != TpmCodes.SHA256_SIZE) {
      throw new AttesterException("a TPM measurement is a 32-byte SHA-256 digest, got "
          + digest.length + " bytes");
    }
    if (pcr < 0 || pcr >= TpmCodes.PCR_COUNT) {
      throw new AttesterException("PCR " + pcr + " is not 0..23");
    }
    byte[] copy = digest.clone();
    withTpm("extend PCR " + pcr, tpm -> {
      tpm.pcrExtend(pcr, copy);
      return null;
    });
  }

  /** The current SHA-256 value of PCR {@code pcr} (upstream's get_runtime_measurement). */
  public byte[] runtimeMeasurement(int pcr) throws AttesterException {
    if (pcr < 0 || pcr >= TpmCodes.PCR_COUNT) {
      throw new AttesterException("PCR " + pcr + " is not 0..23");
    }
    return withTpm("read PCRs", tpm -> tpm.pcrRead().get(pcr));
  }

  /** The 24 SHA-256 PCR values, in index order. */
  public List<byte[]> pcrs() throws AttesterException {
    return withTpm("read PCRs", Tpm::pcrRead);
  }

  /**
   * The AK's DER SubjectPublicKeyInfo (creating and persisting the AK if needed), for
   * registering the AK with a verifier ({@code trusted_ak_keys}).
   */
  public byte[] akPublic() throws AttesterException {
    return withTpm("read the AK", tpm -> provisioner.ensure(tpm).spki().orElseThrow());
  }

  private interface TpmOp<T> {
    T apply(Tpm tpm) throws TpmException;
  }

  private <T> T withTpm(String what, TpmOp<T> op) throws AttesterException {
    lock.lock();
    try (Tpm tpm = opener.open(tcti)) {
      if (!started && tcti instanceof TpmTcti.Swtpm) {
        // A simulator may be powered on without Startup; a device was started by firmware.
        tpm.startup();
      }
      started = true;
      return op.apply(tpm);
    } catch (TpmException e) {
      throw new AttesterException("TPM " + tcti + ": " + what + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  @Override
  public String toString() {
    return "TpmAttester[" + tcti + ", ak=0x" + Integer.toHexString(akHandle) + "]";
  }
}
