package dev.claviger.agent.tpm;

import dev.claviger.agent.tpm.internal.ResponseCodes;
import dev.claviger.agent.tpm.internal.TpmCodes;

/**
 * Finds the AK at its persistent handle, or creates one: storage primary → AK → load →
 * EvictControl to the handle, flushing both transient objects whatever happens (without a
 * resource manager a leaked object would occupy one of the TPM's few slots until reboot).
 */
final class AkProvisioner {
  private final int handle;
  private final Tpm.Hierarchy hierarchy;

  AkProvisioner(int handle, Tpm.Hierarchy hierarchy) {
    this.handle = handle;
    this.hierarchy = hierarchy;
  }

  /** A transient object that is flushed on close. */
  private record Loaded(Tpm tpm, int handle) implements AutoCloseable {
    @Override
    public void close() throws TpmException {
      tpm.flushContext(handle);
    }
  }

  TpmPublic ensure(Tpm tpm) throws TpmException {
    TpmPublic pub;
    try {
      pub = tpm.readPublic(handle);
    } catch (TpmException e) {
      if (!e.is(ResponseCodes.HANDLE)) {
        throw e;
      }
      pub = create(tpm);
    }
    check(pub);
    return pub;
  }

  private TpmPublic create(Tpm tpm) throws TpmException {
    try (Loaded primary = new Loaded(tpm, tpm.createPrimary(hierarchy))) {
      CreatedKey ak = tpm.createAttestationKey(primary.handle());
      try (Loaded loaded = new Loaded(tpm, tpm.load(primary.handle(), ak))) {
        tpm.evictControl(loaded.handle(), handle);
      } catch (TpmException e) {
        // Another agent persisted its AK first; use that one (it is checked like any other).
        if (!e.is(ResponseCodes.NV_DEFINED)) {
          throw e;
        }
      }
    }
    return tpm.readPublic(handle);
  }

  /**
   * Refuses what cannot make upstream-compatible evidence: upstream quotes with RSASSA-SHA256
   * and sends an RSA SPKI, and only a restricted signing key makes a quote trustworthy.
   */
  private void check(TpmPublic pub) throws TpmException {
    String where = "the key at 0x" + Integer.toHexString(handle);
    if (pub.type() != TpmCodes.ALG_RSA || pub.key().isEmpty()) {
      throw TpmException.unsuitable(where + " is not an RSA key (upstream's tpm evidence needs "
          + "an RSA AK); evict it or set AA_TPM_AK_HANDLE");
    }
    if (!pub.isAttestationKey()) {
      throw TpmException.unsuitable(where + " is not a restricted fixedTPM signing key "
          + "(attributes 0x" + Integer.toHexString(pub.attributes()) + ")");
    }
    boolean rsassaSha256 = pub.scheme() == TpmCodes.ALG_RSASSA
        && pub.schemeHash() == TpmCodes.ALG_SHA256;
    if (pub.scheme() != TpmCodes.ALG_NULL && !rsassaSha256) {
      throw TpmException.unsuitable(where + " is bound to scheme 0x"
          + Integer.toHexString(pub.scheme()) + ", upstream quotes with RSASSA-SHA256");
    }
    if (pub.keyBits() < 2048) {
      throw TpmException.unsuitable(where + " has " + pub.keyBits() + " bits, at least 2048");
    }
  }
}
