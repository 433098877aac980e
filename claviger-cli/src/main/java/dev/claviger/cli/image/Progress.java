package dev.claviger.cli.image;

import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.ProgressListener;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Blob progress bars on stderr, shared by the {@code claviger image} commands. Bars appear only
 * when stderr is a terminal and machine output was not requested; otherwise this listener is
 * silent, so scripts and --json consumers never see control characters.
 */
public final class Progress implements ProgressListener, AutoCloseable {
  private final PrintStream err;
  private final boolean enabled;
  private final Map<String, ProgressBar> bars = new ConcurrentHashMap<>();

  private Progress(PrintStream err, boolean enabled) {
    this.err = err;
    this.enabled = enabled;
  }

  /** Bars on {@code err} if it is a terminal and {@code json} is false. */
  public static Progress onStderr(PrintStream err, boolean json) {
    return new Progress(err, !json && isTerminal());
  }

  /** A listener that shows nothing. */
  public static Progress silent() {
    return new Progress(System.err, false);
  }

  public boolean enabled() {
    return enabled;
  }

  /**
   * JDK 22+ returns a Console even when redirected and offers isTerminal(); JDK 21 returns null
   * then. Reflection keeps the --release 21 build.
   */
  static boolean isTerminal() {
    java.io.Console c = System.console();
    if (c == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(c);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  @Override
  public void started(Descriptor d) {
    if (!enabled) {
      return;
    }
    bars.computeIfAbsent(d.digest().toString(), k -> new ProgressBarBuilder()
        .setTaskName(label(d))
        .setInitialMax(d.size())
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit("KiB", 1024)
        .setUpdateIntervalMillis(200)
        .setConsumer(new ConsoleProgressBarConsumer(err))
        .build());
  }

  @Override
  public void advanced(Descriptor d, long bytes) {
    ProgressBar b = bars.get(d.digest().toString());
    if (b != null) {
      b.stepTo(bytes);
    }
  }

  @Override
  public void finished(Descriptor d, Outcome outcome) {
    ProgressBar b = bars.remove(d.digest().toString());
    if (b != null) {
      b.stepTo(d.size());
      b.setExtraMessage(switch (outcome) {
        case COPIED -> "copied";
        case EXISTS -> "exists";
        case MOUNTED -> "mounted";
      });
      b.close();
    }
  }

  private static String label(Descriptor d) {
    return d.digest().encoded().substring(0, 12);
  }

  @Override
  public void close() {
    bars.values().forEach(ProgressBar::close);
    bars.clear();
  }
}
