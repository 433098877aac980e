package dev.claviger.agent.tpm.internal;

import dev.claviger.agent.tpm.TpmException;

/**
 * The parts of a quote's TPMS_ATTEST the attester checks before sending it: that it is a quote,
 * that it carries our nonce, and which PCRs it digests. The verifier does the full check.
 *
 * @param extraData the qualifying data (the nonce)
 * @param selection the marshalled TPML_PCR_SELECTION
 * @param pcrDigest H(selected PCR values)
 */
public record AttestInfo(byte[] extraData, byte[] selection, byte[] pcrDigest) {
  private static final int MAX_ATTEST = 1024;

  public static AttestInfo parseQuote(byte[] attest) throws TpmException {
    if (attest.length > MAX_ATTEST) {
      throw TpmException.malformed("TPMS_ATTEST of " + attest.length + " bytes, limit "
          + MAX_ATTEST);
    }
    TpmReader r = TpmReader.of(attest, "TPMS_ATTEST");
    if (r.u32("magic") != TpmCodes.GENERATED_VALUE) {
      throw TpmException.malformed("TPMS_ATTEST magic is not TPM_GENERATED_VALUE");
    }
    if (r.u16("type") != TpmCodes.ST_ATTEST_QUOTE) {
      throw TpmException.malformed("TPMS_ATTEST is not a quote");
    }
    r.tpm2b(68, "qualifiedSigner");
    byte[] extra = r.tpm2b(64, "extraData");
    r.bytes(8 + 4 + 4 + 1, "clockInfo");
    r.u64("firmwareVersion");
    int start = r.position();
    PcrSelections.skip(r);
    byte[] selection = r.since(start);
    byte[] digest = r.tpm2b(64, "pcrDigest");
    r.expectEnd();
    return new AttestInfo(extra, selection, digest);
  }
}
