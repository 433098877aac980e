package dev.claviger.policy.internal.builtins;

/** A builtin's type or domain error. The message names the builtin and what was wrong. */
public final class BuiltinError extends Exception {
  private static final long serialVersionUID = 1L;

  public BuiltinError(String message) {
    super(message, null, false, false);
  }
}
