package dev.claviger.policy;

/**
 * Every failure of the policy engine: a bad policy, a bad query, a runtime error, or a resource
 * limit. Carries the source position when one is known.
 */
public final class PolicyException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What went wrong. */
  public enum Kind {
    /** Lexing or parsing failed. */
    PARSE,
    /** Compilation failed: unsafe variable, unknown builtin, recursion, bad import, arity. */
    COMPILE,
    /** A runtime error: conflicting rule values, type error, division by zero. */
    EVAL,
    /** A builtin reported an error (strict mode). */
    BUILTIN,
    /** A configured limit (steps, time, depth) was exceeded. */
    LIMIT
  }

  private final Kind kind;
  private final String file;
  private final int line;
  private final int column;

  public PolicyException(Kind kind, String message) {
    this(kind, message, null, 0, 0);
  }

  public PolicyException(Kind kind, String message, String file, int line, int column) {
    super(format(message, file, line, column));
    this.kind = kind;
    this.file = file;
    this.line = line;
    this.column = column;
  }

  private static String format(String message, String file, int line, int column) {
    return file == null ? message : file + ":" + line + ":" + column + ": " + message;
  }

  public Kind kind() {
    return kind;
  }

  /** The module name, or {@code null} when the error has no source position. */
  public String file() {
    return file;
  }

  /** 1-based line, or 0 when unknown. */
  public int line() {
    return line;
  }

  /** 1-based column, or 0 when unknown. */
  public int column() {
    return column;
  }
}
