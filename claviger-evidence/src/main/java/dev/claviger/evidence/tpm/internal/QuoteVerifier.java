package dev.claviger.evidence.tpm.internal;

import dev.claviger.evidence.tpm.TpmError;
import dev.claviger.evidence.tpm.TpmHashAlg;
import dev.claviger.evidence.tpm.TpmRejectedException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks a TPM2_Quote: the signature over TPMS_ATTEST with the AK, then that the PCR values sent
 * hash to the signed pcrDigest. Says nothing about whether the AK is trustworthy or the nonce
 * fresh; callers do that.
 */
public final class QuoteVerifier {
  private QuoteVerifier() {}

  /**
   * @param values PCR values in selection order (bank by bank, ascending index)
   * @return the PCR values the quote vouches for
   */
  public static QuotedPcrs verify(TpmsAttest attest, TpmtSignature sig, PublicKey ak,
      List<byte[]> values) throws TpmRejectedException {
    QuoteSignature.verify(ak, sig, attest.raw());
    return checkDigest(attest, sig.hash(), values);
  }

  /**
   * The pcrDigest is over the concatenated values with the signing scheme's hash, whatever the
   * banks' own algorithm (TPM 2.0 Part 3, TPM2_Quote: "digest of the selected PCR using the hash
   * of the signing key").
   */
  static QuotedPcrs checkDigest(TpmsAttest attest, TpmHashAlg sigHash, List<byte[]> values)
      throws TpmRejectedException {
    PcrSelection sel = attest.pcrSelection();
    if (values.size() != sel.count()) {
      throw new TpmRejectedException(TpmError.PCR_DIGEST_MISMATCH, values.size()
          + " PCR values for " + sel.count() + " selected PCRs");
    }
    MessageDigest md = sigHash.newDigest();
    Map<TpmHashAlg, TreeMap<Integer, byte[]>> banks = new EnumMap<>(TpmHashAlg.class);
    int i = 0;
    for (PcrSelection.Bank bank : sel.banks()) {
      TreeMap<Integer, byte[]> m = banks.computeIfAbsent(bank.alg(), a -> new TreeMap<>());
      for (int pcr : bank.pcrs()) {
        byte[] v = values.get(i++);
        if (v.length != bank.alg().size()) {
          throw new TpmRejectedException(TpmError.PCR_DIGEST_MISMATCH, "PCR " + pcr + " value of "
              + v.length + " bytes in the " + bank.alg().label() + " bank");
        }
        md.update(v);
        m.put(pcr, v.clone());
      }
    }
    if (!MessageDigest.isEqual(md.digest(), attest.pcrDigest())) {
      throw new TpmRejectedException(TpmError.PCR_DIGEST_MISMATCH,
          "PCR values do not hash to the quoted pcrDigest");
    }
    return new QuotedPcrs(banks);
  }
}
