package dev.claviger.evidence.dcap.internal;

import dev.claviger.evidence.dcap.TcbStatus;
import java.time.Instant;
import java.util.List;

/**
 * One TCB level of a TCB Info or identity. {@code sgxComponents} / {@code tdxComponents} are empty
 * when absent; {@code isvSvn} is -1 for platform levels.
 */
public record TcbLevel(int[] sgxComponents, int pceSvn, int[] tdxComponents, int isvSvn,
    Instant tcbDate, TcbStatus status, List<String> advisoryIds) {
  public TcbLevel {
    sgxComponents = sgxComponents.clone();
    tdxComponents = tdxComponents.clone();
    advisoryIds = List.copyOf(advisoryIds);
  }

  @Override
  public int[] sgxComponents() {
    return sgxComponents.clone();
  }

  @Override
  public int[] tdxComponents() {
    return tdxComponents.clone();
  }

  int sgx(int i) {
    return sgxComponents[i];
  }

  int tdx(int i) {
    return tdxComponents[i];
  }
}
