package dev.claviger.cli.agentmain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class StderrLoggingProviderTest {
  private static final Instant T = Instant.parse("2026-11-22T17:05:09.042Z");
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private Logger logger(String name, Level threshold, ZoneId zone) {
    return new StderrLoggingProvider(Clock.fixed(T, zone), threshold, () -> out).getLogger(name);
  }

  private String text() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void info_defaultLayout_logbackPatternOneLine() {
    logger("dev.claviger.agent.daemon.AgentDaemon", Level.INFO, ZoneOffset.UTC).info("agent started: tee={}, kbs={}",
        "sample", "http://kbs");

    assertThat(text()).isEqualTo("2026-11-22T17:05:09.042Z INFO  [" + Thread.currentThread().getName()
        + "] d.c.agent.daemon.AgentDaemon - agent started: tee=sample, kbs=http://kbs" + System.lineSeparator());
  }

  @Test
  void timestamp_nonUtcZone_offsetWithColon() {
    logger("x", Level.INFO, ZoneOffset.ofHoursMinutes(-5, -30)).warn("w");

    assertThat(text()).startsWith("2026-11-22T11:35:09.042-05:30 WARN  [");
  }

  @Test
  void belowThreshold_nothingWritten() {
    Logger log = logger("x", Level.WARN, ZoneOffset.UTC);
    log.info("quiet");
    log.debug("quiet");

    assertThat(text()).isEmpty();
    assertThat(log.isInfoEnabled()).isFalse();
    assertThat(log.isWarnEnabled()).isTrue();
  }

  @Test
  void off_nothingWrittenEvenForErrors() {
    Logger log = logger("x", null, ZoneOffset.UTC);
    log.error("quiet");

    assertThat(text()).isEmpty();
    assertThat(log.isErrorEnabled()).isFalse();
  }

  @Test
  void messageWithLineBreaks_staysOneLine() {
    logger("x", Level.INFO, ZoneOffset.UTC).info("peer sent {}", "a\r\n2026-01-01T00:00:00Z ERROR forged\nb");

    assertThat(text().lines()).hasSize(1);
    assertThat(text()).contains("peer sent a 2026-01-01T00:00:00Z ERROR forged b");
  }

  @Test
  void throwable_shortFormOnSameLine() {
    logger("x", Level.INFO, ZoneOffset.UTC).error("failed", new IOException("disk\nfull"));

    assertThat(text().lines()).hasSize(1);
    assertThat(text()).contains(" - failed java.io.IOException: disk | full | \tat ");
  }

  @Test
  void threshold_namesAndFallbacks() {
    assertThat(StderrLoggingProvider.threshold(null)).isEqualTo(Level.INFO);
    assertThat(StderrLoggingProvider.threshold("")).isEqualTo(Level.INFO);
    assertThat(StderrLoggingProvider.threshold("debug")).isEqualTo(Level.DEBUG);
    assertThat(StderrLoggingProvider.threshold(" ERROR ")).isEqualTo(Level.ERROR);
    assertThat(StderrLoggingProvider.threshold("off")).isNull();
    assertThat(StderrLoggingProvider.threshold("verbose")).isEqualTo(Level.INFO);
  }

  @Test
  void abbreviate_asLogbackLogger30() {
    assertThat(StderrLogger.abbreviate("dev.claviger.core.CryptoProviders", 30)).isEqualTo("d.c.core.CryptoProviders");
    assertThat(StderrLogger.abbreviate("dev.claviger.agent.attester.Attesters", 30)).isEqualTo("d.c.agent.attester.Attesters");
    assertThat(StderrLogger.abbreviate("short.Name", 30)).isEqualTo("short.Name");
    assertThat(StderrLogger.abbreviate("a.very.long.package.name.with.AVeryLongClassNameIndeed", 30))
        .isEqualTo("a.v.l.p.n.w.AVeryLongClassNameIndeed");
  }

  @Test
  void provider_slf4jContract() {
    StderrLoggingProvider provider = new StderrLoggingProvider();
    provider.initialize();

    assertThat(provider.getRequestedApiVersion()).startsWith("2.0");
    assertThat(provider.getLoggerFactory().getLogger("a")).isSameAs(provider.getLogger("a"));
    assertThat(provider.getMarkerFactory().getMarker("m").getName()).isEqualTo("m");
    assertThat(provider.getMDCAdapter()).isNotNull();
  }
}
