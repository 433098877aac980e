package dev.claviger.bench;

import java.util.Arrays;

/** The outcome of one concurrency level of {@link HandshakeLoad}. */
record LoadLevel(int clients, double seconds, long handshakes, long errors, double p50Ms, double p99Ms,
    double maxMs, long serverRssKb, double processCpuSeconds, double serverCpuSeconds, String firstError) {

  static LoadLevel of(int clients, double seconds, long[] latenciesNanos, long errors, long rssKb,
      double processCpuSeconds, double serverCpuSeconds, String firstError) {
    long[] sorted = latenciesNanos.clone();
    Arrays.sort(sorted);
    return new LoadLevel(clients, seconds, sorted.length, errors, percentileMs(sorted, 0.50),
        percentileMs(sorted, 0.99), sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6, rssKb,
        processCpuSeconds, serverCpuSeconds, firstError);
  }

  /** CPU time of a separate server process per handshake, or -1 when not measured. */
  double serverCpuMsPerHandshake() {
    return handshakes == 0 || serverCpuSeconds < 0 ? -1 : serverCpuSeconds * 1000 / handshakes;
  }

  /** CPU time of this JVM per handshake; in-process that is client plus server. */
  double cpuMsPerHandshake() {
    return handshakes == 0 || processCpuSeconds < 0 ? -1 : processCpuSeconds * 1000 / handshakes;
  }

  double handshakesPerSecond() {
    return seconds <= 0 ? 0 : handshakes / seconds;
  }

  /** Nearest-rank percentile. */
  static double percentileMs(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
  }
}
