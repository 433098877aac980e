package dev.claviger.core.internal;

import java.lang.reflect.InvocationTargetException;
import java.security.Provider;
import java.security.Security;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads ACCP reflectively: it is a runtime-only dependency with a native library, absent on some
 * platforms, and its absence must degrade to the JDK providers rather than fail class loading.
 */
public final class ProviderInstaller {
  private static final Logger LOG = LoggerFactory.getLogger("dev.claviger.core.CryptoProviders");
  private static final String ACCP_CLASS =
      "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";

  private static volatile String active = "JDK (not installed)";
  private static volatile boolean accp;
  private static boolean done;

  private ProviderInstaller() {}

  public static synchronized void install() {
    if (done) {
      return;
    }
    done = true;
    try {
      Provider provider = loadHealthyAccp();
      Security.insertProviderAt(provider, 1);
      accp = true;
      active = "ACCP " + provider.getVersionStr() + " (AWS-LC)";
    } catch (AccpUnavailable e) {
      active = "JDK (ACCP unavailable: " + e.getMessage() + ")";
    }
    LOG.info("crypto provider: {}", active);
  }

  public static String active() {
    return active;
  }

  public static boolean accpActive() {
    return accp && Security.getProviders()[0].getName().equals("AmazonCorrettoCryptoProvider");
  }

  private static Provider loadHealthyAccp() throws AccpUnavailable {
    Class<?> type;
    try {
      type = Class.forName(ACCP_CLASS, true, ProviderInstaller.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new AccpUnavailable("not on the class path");
    } catch (LinkageError e) {
      throw new AccpUnavailable(describe(e));
    }
    try {
      Provider provider = (Provider) type.getField("INSTANCE").get(null);
      Object loadingError = type.getMethod("getLoadingError").invoke(provider);
      if (loadingError instanceof Throwable t) {
        throw new AccpUnavailable(describe(t));
      }
      // Runs the provider's known-answer self-tests; throws when any failed.
      type.getMethod("assertHealthy").invoke(provider);
      return provider;
    } catch (InvocationTargetException e) {
      throw new AccpUnavailable(describe(e.getCause()));
    } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
      throw new AccpUnavailable(describe(e));
    }
  }

  private static String describe(Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    String message = t.getMessage();
    String text = t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }

  private static final class AccpUnavailable extends Exception {
    private static final long serialVersionUID = 1L;

    AccpUnavailable(String reason) {
      super(reason, null, false, false);
    }
  }
}
