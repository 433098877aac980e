package dev.claviger.evidence.dcap.internal;

/**
 * QE report certification data: the QE report, its signature by the PCK key, the QE
 * authentication data and the PCK certificate chain (certification data type 5).
 */
public record QeCertData(SgxReport qeReport, byte[] qeReportSignature, byte[] authData,
    byte[] pckChainPem) {
  public QeCertData {
    qeReportSignature = qeReportSignature.clone();
    authData = authData.clone();
    pckChainPem = pckChainPem.clone();
  }

  @Override
  public byte[] qeReportSignature() {
    return qeReportSignature.clone();
  }

  @Override
  public byte[] authData() {
    return authData.clone();
  }

  @Override
  public byte[] pckChainPem() {
    return pckChainPem.clone();
  }

  @Override
  public String toString() {
    return "QeCertData[authData=" + authData.length + "B, pckChain=" + pckChainPem.length + "B]";
  }
}
