package dev.claviger.core;

import dev.claviger.core.internal.ProviderInstaller;

/**
 * JCA provider setup. {@link #install()} registers Amazon Corretto Crypto Provider (AWS-LC) at the
 * highest priority when it loads and passes its self-tests, and otherwise leaves the JDK providers
 * in place. Either way it logs exactly one INFO line saying which ({@code "crypto provider: ACCP
 * 2.4.1 (AWS-LC)"} or {@code "crypto provider: JDK (ACCP unavailable: <reason>)"}).
 *
 * <p>Call it once at startup from {@code main}; repeated calls are no-ops. Thread-safe.
 */
public final class CryptoProviders {
  private CryptoProviders() {}

  /** Installs the fastest healthy provider; idempotent. */
  public static void install() {
    ProviderInstaller.install();
  }

  /**
   * What {@link #install()} chose, e.g. {@code "ACCP 2.4.1 (AWS-LC)"} or {@code "JDK (ACCP
   * unavailable: ...)"}; {@code "JDK (not installed)"} before {@link #install()} ran.
   */
  public static String active() {
    return ProviderInstaller.active();
  }

  /** True when ACCP was installed and is the highest-priority provider. */
  public static boolean accpActive() {
    return ProviderInstaller.accpActive();
  }
}
