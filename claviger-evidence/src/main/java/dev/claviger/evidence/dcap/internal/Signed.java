package dev.claviger.evidence.dcap.internal;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A signed PCS JSON value: the parsed content, the exact bytes that were signed, the raw r||s
 * signature and the issuer chain delivered with it (may be empty when the source had none).
 */
public record Signed<T>(T value, byte[] body, byte[] signature, List<X509Certificate> issuerChain) {
  public Signed {
    body = body.clone();
    signature = signature.clone();
    issuerChain = List.copyOf(issuerChain);
  }

  @Override
  public byte[] body() {
    return body.clone();
  }

  byte[] bodyUnsafe() {
    return body;
  }

  @Override
  public byte[] signature() {
    return signature.clone();
  }
}
