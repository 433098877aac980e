package dev.claviger.evidence.testing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.claviger.evidence.Evidence;
import dev.claviger.evidence.ExpectedInitData;
import dev.claviger.evidence.ExpectedReportData;
import dev.claviger.evidence.Tee;
import dev.claviger.evidence.TeeClass;
import dev.claviger.evidence.VerificationContext;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.Verifier;
import java.util.concurrent.atomic.AtomicReference;

/** Deliberately broken verifiers (registered for TEEs that have no real verifier yet). */
public final class MisbehavingVerifiers {
  private MisbehavingVerifiers() {}

  /** Returns the result of its first call forever: a stale result. */
  public static final class Stale implements Verifier {
    private static final AtomicReference<VerifiedEvidence> FIRST = new AtomicReference<>();

    @Override
    public Tee tee() {
      return Tee.HYGON_DCU;
    }

    @Override
    public VerifiedEvidence verify(Evidence e, ExpectedReportData rd, ExpectedInitData id,
        VerificationContext ctx) {
      VerifiedEvidence fresh = ctx.access().builder()
          .device(TeeClass.DCU, JsonNodeFactory.instance.objectNode())
          .boundReportData(new byte[64])
          .build();
      FIRST.compareAndSet(null, fresh);
      return FIRST.get();
    }
  }

  /** Never checks the report data. */
  public static final class IgnoresBinding implements Verifier {
    @Override
    public Tee tee() {
      return Tee.CSV;
    }

    @Override
    public VerifiedEvidence verify(Evidence e, ExpectedReportData rd, ExpectedInitData id,
        VerificationContext ctx) {
      return ctx.access().builder().device(TeeClass.CPU, JsonNodeFactory.instance.objectNode()).build();
    }
  }

  /** Fails with an unchecked exception. */
  public static final class Crashes implements Verifier {
    @Override
    public Tee tee() {
      return Tee.SE;
    }

    @Override
    public VerifiedEvidence verify(Evidence e, ExpectedReportData rd, ExpectedInitData id,
        VerificationContext ctx) {
      throw new IllegalStateException("boom");
    }
  }
}
