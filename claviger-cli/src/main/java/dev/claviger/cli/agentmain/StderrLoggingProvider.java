package dev.claviger.cli.agentmain;

import java.io.PrintStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The guest agent's SLF4J binding: one line per event on stderr, in the same layout as the CLI's
 * {@code logback.xml}, without logback. The agent JVM ({@code bin/agent}) selects it with
 * {@code -Dslf4j.provider=dev.claviger.cli.agentmain.StderrLoggingProvider}; it is deliberately not
 * registered through {@code META-INF/services}, so the full CLI keeps logback.
 *
 * <p>Why: logback's classes and its XML (Joran) configuration load ~550 classes into the agent's
 * metaspace and CDS archive, a measurable part of the daemon's RSS (see docs/agent.md), for the
 * handful of lines the agent logs. The level comes from {@code CLAVIGER_LOG_LEVEL} (TRACE, DEBUG,
 * INFO, WARN, ERROR or OFF; default INFO, as in {@code logback.xml}). MDC is not supported.
 */
public final class StderrLoggingProvider implements SLF4JServiceProvider, ILoggerFactory {
  /** The SLF4J API line this binding is written against. */
  public static final String REQUESTED_API_VERSION = "2.0.99";

  private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final MDCAdapter mdc = new NOPMDCAdapter();
  private final StderrLogger.Sink sink;

  /** What SLF4J instantiates: system clock and zone, {@code System.err} at the time of each event. */
  public StderrLoggingProvider() {
    this(Clock.systemDefaultZone(), threshold(System.getenv("CLAVIGER_LOG_LEVEL")), () -> System.err);
  }

  /**
   * For tests.
   *
   * @param threshold the least severe level written, or {@code null} for none (OFF)
   */
  public StderrLoggingProvider(Clock clock, Level threshold, Supplier<PrintStream> out) {
    this.sink = new StderrLogger.Sink(Objects.requireNonNull(clock, "clock"), threshold, Objects.requireNonNull(out, "out"));
  }

  /**
   * The level named by {@code CLAVIGER_LOG_LEVEL}; {@code null} for OFF. An unset or unknown
   * name gives INFO, so a typo neither silences the agent nor floods it with DEBUG output.
   */
  public static Level threshold(String name) {
    if (name == null || name.isBlank()) {
      return Level.INFO;
    }
    String upper = name.strip().toUpperCase(Locale.ROOT);
    if (upper.equals("OFF")) {
      return null;
    }
    for (Level level : Level.values()) {
      if (level.name().equals(upper)) {
        return level;
      }
    }
    return Level.INFO;
  }

  @Override
  public Logger getLogger(String name) {
    return loggers.computeIfAbsent(name == null ? "ROOT" : name, n -> new StderrLogger(n, sink));
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return this;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return REQUESTED_API_VERSION;
  }

  @Override
  public void initialize() {
    // Nothing to configure: the level is read once, in the constructor.
  }
}
