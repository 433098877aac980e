package dev.claviger.cli;

import java.io.PrintStream;

/**
 * The raw output streams of the running command. Binary output (resource bytes) must not pass
 * through picocli's character writer, so commands write it here.
 */
final class Streams {
  private static final ThreadLocal<PrintStream[]> CURRENT = new ThreadLocal<>();

  private Streams() {}

  static void set(PrintStream out, PrintStream err) {
    CURRENT.set(new PrintStream[] {out, err});
  }

  static void clear() {
    CURRENT.remove();
  }

  static PrintStream out() {
    PrintStream[] streams = CURRENT.get();
    return streams == null ? System.out : streams[0];
  }

  static PrintStream err() {
    PrintStream[] streams = CURRENT.get();
    return streams == null ? System.err : streams[1];
  }
}
