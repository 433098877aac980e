package dev.claviger.store.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Instants are stored as epoch microseconds; finer precision is truncated. */
final class Micros {
  private Micros() {}

  static long of(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  static Instant toInstant(long micros) {
    return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
  }
}
