package dev.claviger.cli.agentmain;

import java.io.PrintStream;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.function.Supplier;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One logger of {@link StderrLoggingProvider}. Line layout as the CLI's logback pattern
 * {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{30} - %msg %ex{short}}, with
 * line breaks in the message replaced by a space and in the exception by {@code " | "}, so that
 * one event is always one line (a peer cannot forge log lines through a logged value).
 */
final class StderrLogger extends LegacyAbstractLogger {
  private static final long serialVersionUID = 1L;
  /** logback's {@code %logger{30}}. */
  static final int NAME_WIDTH = 30;

  /** Where every logger of one provider writes. */
  record Sink(Clock clock, Level threshold, Supplier<PrintStream> out) {
    boolean enabled(Level level) {
      // SLF4J's Level numbers grow with severity: TRACE 0 ... ERROR 40.
      return threshold != null && level.toInt() >= threshold.toInt();
    }
  }

  private final transient Sink sink;
  private final String shortName;

  StderrLogger(String name, Sink sink) {
    this.name = name;
    this.sink = sink;
    this.shortName = abbreviate(name, NAME_WIDTH);
  }

  @Override
  public boolean isTraceEnabled() {
    return sink.enabled(Level.TRACE);
  }

  @Override
  public boolean isDebugEnabled() {
    return sink.enabled(Level.DEBUG);
  }

  @Override
  public boolean isInfoEnabled() {
    return sink.enabled(Level.INFO);
  }

  @Override
  public boolean isWarnEnabled() {
    return sink.enabled(Level.WARN);
  }

  @Override
  public boolean isErrorEnabled() {
    return sink.enabled(Level.ERROR);
  }

  @Override
  protected String getFullyQualifiedCallerName() {
    return null;
  }

  @Override
  protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
      Throwable throwable) {
    StringBuilder line = new StringBuilder(160);
    timestamp(line, ZonedDateTime.now(sink.clock()));
    line.append(' ').append(level.name());
    line.append(" ".repeat(5 - level.name().length()));
    line.append(" [").append(oneLine(Thread.currentThread().getName(), " ")).append("] ");
    line.append(shortName).append(" - ");
    line.append(oneLine(MessageFormatter.basicArrayFormat(pattern, arguments), " "));
    if (throwable != null) {
      line.append(' ').append(oneLine(throwable.toString(), " | "));
      StackTraceElement[] stack = throwable.getStackTrace();
      if (stack.length > 0) {
        line.append(" | \tat ").append(stack[0]);
      }
    }
    line.append(System.lineSeparator());
    // One print call per event: PrintStream is synchronized, so concurrent events do not interleave.
    sink.out().get().print(line);
  }

  /** {@code yyyy-MM-dd'T'HH:mm:ss.SSSXXX} without java.time.format, which the agent otherwise never loads. */
  static void timestamp(StringBuilder out, ZonedDateTime t) {
    out.append(t.getYear()).append('-');
    pad(out, t.getMonthValue(), 2).append('-');
    pad(out, t.getDayOfMonth(), 2).append('T');
    pad(out, t.getHour(), 2).append(':');
    pad(out, t.getMinute(), 2).append(':');
    pad(out, t.getSecond(), 2).append('.');
    pad(out, t.getNano() / 1_000_000, 3);
    int seconds = t.getOffset().getTotalSeconds();
    if (seconds == 0) {
      out.append('Z');
      return;
    }
    out.append(seconds < 0 ? '-' : '+');
    int minutes = Math.abs(seconds) / 60;
    pad(out, minutes / 60, 2).append(':');
    pad(out, minutes % 60, 2);
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }

  /** Runs of CR/LF become {@code replacement}: logback's {@code %replace(...){'[\r\n]+', ...}}. */
  static String oneLine(String text, String replacement) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(text.length());
    boolean inBreak = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\r' || c == '\n') {
        if (!inBreak) {
          out.append(replacement);
        }
        inBreak = true;
      } else {
        out.append(c);
        inBreak = false;
      }
    }
    return out.toString();
  }

  /**
   * logback's abbreviation for {@code %logger{width}}: package segments are cut to their first
   * letter, leftmost first, until the name fits; the class name is never cut.
   */
  static String abbreviate(String name, int width) {
    if (name.length() <= width) {
      return name;
    }
    String[] parts = name.split("\\.", -1);
    int length = name.length();
    for (int i = 0; i < parts.length - 1 && length > width; i++) {
      if (parts[i].length() > 1) {
        length -= parts[i].length() - 1;
        parts[i] = parts[i].substring(0, 1);
      }
    }
    return String.join(".", parts);
  }
}
