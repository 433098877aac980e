package dev.claviger.agent.tpm;

import dev.claviger.agent.tpm.internal.CommandFrame;
import dev.claviger.agent.tpm.internal.DeviceTransport;
import dev.claviger.agent.tpm.internal.PcrSelections;
import dev.claviger.agent.tpm.internal.PublicAreas;
import dev.claviger.agent.tpm.internal.ResponseCodes;
import dev.claviger.agent.tpm.internal.SwtpmTransport;
import dev.claviger.agent.tpm.internal.TpmCodes;
import dev.claviger.agent.tpm.internal.TpmReader;
import dev.claviger.agent.tpm.internal.TpmTransport;
import dev.claviger.agent.tpm.internal.TpmWriter;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * A TPM 2.0 command client in plain Java: the commands an attester needs, marshalled by hand,
 * over a device or swtpm's TCP channel. Authorization is a password session with empty auth
 * ({@code TPM_RS_PW}) — the state of an unprovisioned TPM and of the keys created here.
 *
 * <p>Without a resource manager ({@code /dev/tpm0}, swtpm) loaded objects outlive this client
 * and the TPM has only about three object slots: whoever loads an object must
 * {@link #flushContext} it. Not thread-safe; one command at a time.
 */
public final class Tpm implements AutoCloseable {
  /** The hierarchy a primary key is created in. */
  public enum Hierarchy {
    OWNER(TpmCodes.RH_OWNER), ENDORSEMENT(TpmCodes.RH_ENDORSEMENT);

    final int handle;

    Hierarchy(int handle) {
      this.handle = handle;
    }
  }

  /** Bounds connect and each response; RSA key generation takes seconds on real TPMs. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);
  private static final int MAX_WARNING_RETRIES = 3;
  private static final int MAX_BLOB = 2048;

  private final TpmTransport transport;
  private final PcrReader pcrReader = new PcrReader(this);

  Tpm(TpmTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  public static Tpm open(TpmTcti tcti) throws TpmException {
    return switch (Objects.requireNonNull(tcti, "tcti")) {
      case TpmTcti.Device d -> new Tpm(DeviceTransport.open(d.path()));
      case TpmTcti.Swtpm s -> new Tpm(SwtpmTransport.connect(s.host(), s.port(), DEFAULT_TIMEOUT));
    };
  }

  /**
   * TPM2_Startup(CLEAR). Returns false when the TPM was already started (TPM_RC_INITIALIZE),
   * which is the normal case for anything but a freshly powered simulator.
   */
  public boolean startup() throws TpmException {
    try {
      run("TPM2_Startup", TpmCodes.CC_STARTUP, new int[0], false,
          new TpmWriter().u16(TpmCodes.SU_CLEAR).toByteArray(), 0).parameters().expectEnd();
      return true;
    } catch (TpmException e) {
      if (e.is(ResponseCodes.INITIALIZE)) {
        return false;
      }
      throw e;
    }
  }

  /** TPM2_GetRandom, repeated until {@code count} (1..1024) bytes arrived. */
  public byte[] getRandom(int count) throws TpmException {
    if (count < 1 || count > 1024) {
      throw new IllegalArgumentException("count must be 1..1024");
    }
    TpmWriter out = new TpmWriter();
    while (out.size() < count) {
      int want = Math.min(32, count - out.size());
      TpmReader r = run("TPM2_GetRandom", TpmCodes.CC_GET_RANDOM, new int[0], false,
          new TpmWriter().u16(want).toByteArray(), 0).parameters();
      byte[] got = r.tpm2b(want, "randomBytes");
      r.expectEnd();
      if (got.length == 0) {
        throw TpmException.malformed("TPM2_GetRandom returned no bytes");
      }
      out.bytes(got);
    }
    return out.toByteArray();
  }

  /** TPM2_CreatePrimary of the RSA-2048 storage key; returns its transient handle. */
  public int createPrimary(Hierarchy hierarchy) throws TpmException {
    CommandFrame.Body b = run("TPM2_CreatePrimary", TpmCodes.CC_CREATE_PRIMARY,
        new int[] {hierarchy.handle}, true, createParameters(PublicAreas.storageKeyTemplate()), 1);
    TpmReader r = b.parameters();
    PublicAreas.parse(r.tpm2b(MAX_BLOB, "outPublic"));
    skipCreationOutputs(r);
    r.tpm2b(68, "name");
    r.expectEnd();
    return transientHandle("TPM2_CreatePrimary", b.handles()[0]);
  }

  /** TPM2_Create of a key from {@code template} (a TPMT_PUBLIC) under a loaded parent. */
  public CreatedKey create(int parent, byte[] template) throws TpmException {
    TpmReader r = run("TPM2_Create", TpmCodes.CC_CREATE, new int[] {parent}, true,
        createParameters(template), 0).parameters();
    byte[] priv = r.tpm2b(MAX_BLOB, "outPrivate");
    byte[] pub = r.tpm2b(MAX_BLOB, "outPublic");
    skipCreationOutputs(r);
    r.expectEnd();
    return new CreatedKey(priv, pub, PublicAreas.parse(pub));
  }

  /** The RSA-2048 restricted RSASSA-SHA256 signing key an attester quotes with. */
  public CreatedKey createAttestationKey(int parent) throws TpmException {
    return create(parent, PublicAreas.attestationKeyTemplate());
  }

  /** TPM2_Load; returns the transient handle after checking the TPM computed the same Name. */
  public int load(int parent, CreatedKey key) throws TpmException {
    byte[] params = new TpmWriter().tpm2b(key.privateBlob()).tpm2b(key.publicBlob())
        .toByteArray();
    CommandFrame.Body b = run("TPM2_Load", TpmCodes.CC_LOAD, new int[] {parent}, true, params, 1);
    byte[] name = b.parameters().tpm2b(68, "name");
    b.parameters().expectEnd();
    if (!MessageDigest.isEqual(name, key.publicArea().name())) {
      throw TpmException.malformed("TPM2_Load: the TPM's Name differs from the public area's");
    }
    return transientHandle("TPM2_Load", b.handles()[0]);
  }

  /** TPM2_EvictControl with owner authorization: makes a loaded key persistent. */
  public void evictControl(int loaded, int persistent) throws TpmException {
    if (persistent >>> 24 != TpmCodes.HT_PERSISTENT) {
      throw new IllegalArgumentException("0x" + Integer.toHexString(persistent)
          + " is not a persistent handle");
    }
    run("TPM2_EvictControl", TpmCodes.CC_EVICT_CONTROL, new int[] {TpmCodes.RH_OWNER, loaded},
        true, new TpmWriter().u32(persistent).toByteArray(), 0).parameters().expectEnd();
  }

  /** TPM2_ReadPublic; the TPM's Name must match the area it returned. */
  public TpmPublic readPublic(int handle) throws TpmException {
    TpmReader r = run("TPM2_ReadPublic", TpmCodes.CC_READ_PUBLIC, new int[] {handle}, false,
        new byte[0], 0).parameters();
    TpmPublic pub = PublicAreas.parse(r.tpm2b(MAX_BLOB, "outPublic"));
    byte[] name = r.tpm2b(68, "name");
    r.tpm2b(68, "qualifiedName");
    r.expectEnd();
    if (!MessageDigest.isEqual(name, pub.name())) {
      throw TpmException.malformed("TPM2_ReadPublic: Name does not match the public area");
    }
    return pub;
  }

  /** The 24 SHA-256 PCRs, read consistently (see {@link PcrReader}). */
  public List<byte[]> pcrRead() throws TpmException {
    return pcrReader.readAll();
  }

  /** TPM2_PCR_Extend of the SHA-256 bank: PCR = SHA-256(PCR ‖ digest). */
  public void pcrExtend(int pcr, byte[] sha256Digest) throws TpmException {
    if (pcr < 0 || pcr >= TpmCodes.PCR_COUNT) {
      throw new IllegalArgumentException("PCR " + pcr + " is not 0..23");
    }
    if (sha256Digest.length != TpmCodes.SHA256_SIZE) {
      throw new IllegalArgumentException("a SHA-256 digest is 32 bytes, got "
          + sha256Digest.length);
    }
    byte[] params = new TpmWriter().u32(1).u16(TpmCodes.ALG_SHA256).bytes(sha256Digest)
        .toByteArray();
    run("TPM2_PCR_Extend", TpmCodes.CC_PCR_EXTEND, new int[] {pcr}, true, params, 0)
        .parameters().expectEnd();
  }

  /**
   * TPM2_Quote over SHA-256 PCRs 0-23 with RSASSA-SHA256 (upstream's scheme), the qualifying
   * data being {@code nonce} (at most 64 bytes).
   */
  public TpmQuote quote(int signHandle, byte[] nonce) throws TpmException {
    if (nonce.length > 64) {
      throw new IllegalArgumentException("qualifying data is at most 64 bytes");
    }
    byte[] params = new TpmWriter().tpm2b(nonce).u16(TpmCodes.ALG_RSASSA)
        .u16(TpmCodes.ALG_SHA256).bytes(PcrSelections.sha256(PcrSelections.all())).toByteArray();
    TpmReader r = run("TPM2_Quote", TpmCodes.CC_QUOTE, new int[] {signHandle}, true, params, 0)
        .parameters();
    byte[] attest = r.tpm2b(1024, "quoted");
    int start = r.position();
    int sigAlg = r.u16("sigAlg");
    if (sigAlg != TpmCodes.ALG_RSASSA) {
      throw TpmException.malformed("TPM2_Quote signed with 0x" + Integer.toHexString(sigAlg)
          + " although RSASSA was asked for");
    }
    r.u16("signature hash");
    r.tpm2b(512, "signature");
    byte[] signature = r.since(start);
    r.expectEnd();
    return new TpmQuote(attest, signature);
  }

  /** TPM2_FlushContext: frees a transient object or session. */
  public void flushContext(int handle) throws TpmException {
    run("TPM2_FlushContext", TpmCodes.CC_FLUSH_CONTEXT, new int[0], false,
        new TpmWriter().u32(handle).toByteArray(), 0).parameters().expectEnd();
  }

  /** Sends one command; warnings that ask to try again (RETRY, YIELDED, TESTING) are retried. */
  CommandFrame.Body run(String name, int code, int[] handles, boolean authorize, byte[] params,
      int responseHandles) throws TpmException {
    byte[] command = CommandFrame.encode(code, handles, authorize, params);
    for (int attempt = 1; ; attempt++) {
      byte[] response = transport.transact(command);
      try {
        return CommandFrame.decode(name, response, responseHandles, authorize);
      } catch (TpmException e) {
        boolean transientWarning = e.is(ResponseCodes.RETRY) || e.is(ResponseCodes.YIELDED)
            || e.is(ResponseCodes.TESTING);
        if (!transientWarning || attempt >= MAX_WARNING_RETRIES) {
          throw e;
        }
      }
    }
  }

  private static byte[] createParameters(byte[] template) {
    return new TpmWriter()
        .u16(4).u16(0).u16(0)   // TPM2B_SENSITIVE_CREATE: empty userAuth, no data
        .tpm2b(template)
        .tpm2b(new byte[0])     // outsideInfo
        .u32(0)                 // creationPCR: none
        .toByteArray();
  }

  private static void skipCreationOutputs(TpmReader r) throws TpmException {
    r.tpm2b(MAX_BLOB, "creationData");
    r.tpm2b(64, "creationHash");
    r.u16("creationTicket tag");
    r.u32("creationTicket hierarchy");
    r.tpm2b(64, "creationTicket digest");
  }

  private static int transientHandle(String command, int handle) throws TpmException {
    if (handle >>> 24 != TpmCodes.HT_TRANSIENT) {
      throw TpmException.malformed(command + " returned handle 0x" + Integer.toHexString(handle)
          + ", not a transient object");
    }
    return handle;
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "Tpm[" + transport + "]";
  }
}
