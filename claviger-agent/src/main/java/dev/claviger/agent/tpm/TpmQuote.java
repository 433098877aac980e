package dev.claviger.agent.tpm;

/**
 * TPM2_Quote's output, marshalled exactly as the TPM returned it.
 *
 * @param attest the TPMS_ATTEST (the signed message)
 * @param signature the TPMT_SIGNATURE
 */
public record TpmQuote(byte[] attest, byte[] signature) {
  public TpmQuote {
    attest = attest.clone();
    signature = signature.clone();
  }

  @Override
  public byte[] attest() {
    return attest.clone();
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }

  @Override
  public String toString() {
    return "TpmQuote[" + attest.length + " + " + signature.length + " bytes]";
  }
}
