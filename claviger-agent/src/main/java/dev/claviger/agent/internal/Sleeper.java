package dev.claviger.agent.internal;

import java.time.Duration;

/** Waits between retries; injectable so tests exercise back-off without real delays. */
@FunctionalInterface
public interface Sleeper {
  Sleeper REAL = duration -> Thread.sleep(duration);

  void sleep(Duration duration) throws InterruptedException;
}
