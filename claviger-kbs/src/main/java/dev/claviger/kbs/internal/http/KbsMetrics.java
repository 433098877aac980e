package dev.claviger.kbs.internal.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** KBS counters and request timers (Prometheus names get the {@code _total}/{@code _seconds} suffix). */
public final class KbsMetrics {
  private final MeterRegistry registry;
  private final Counter auths;
  private final Counter attestOk;
  private final Counter attestFailed;

  public KbsMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.auths = Counter.builder("kbs.rcar.auth").description("RCAR challenges issued").register(registry);
    this.attestOk = Counter.builder("kbs.rcar.attest").tag("outcome", "success").register(registry);
    this.attestFailed = Counter.builder("kbs.rcar.attest").tag("outcome", "failure").register(registry);
  }

  void auth() {
    auths.increment();
  }

  void attest(boolean ok) {
    (ok ? attestOk : attestFailed).increment();
  }

  /** @param outcome {@code released} or the error variant ({@code PolicyDeny}, ...) */
  void resource(String outcome) {
    Counter.builder("kbs.resource.requests").tag("outcome", outcome).register(registry).increment();
  }

  /** Request latency by endpoint (first path segment, never the resource path) and status. */
  void request(String endpoint, String method, int status, Duration took) {
    Timer.builder("kbs.http.requests")
        .tag("endpoint", endpoint)
        .tag("method", method)
        .tag("status", Integer.toString(status))
        .publishPercentileHistogram(false)
        .register(registry)
        .record(took);
  }
}
