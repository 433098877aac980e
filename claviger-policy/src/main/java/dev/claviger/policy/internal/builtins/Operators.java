package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.TreeSet;

/**
 * The infix operators under their OPA builtin names (plus, minus, mul, div, rem, and, or, equal,
 * neq, lt, lte, gt, gte), so a policy may call them as functions and the evaluator may share
 * their semantics. Error texts use regorus' operator names (add, sub, mul, div, mod).
 */
public final class Operators {
  private Operators() {}

  /** Arithmetic whose double result overflowed (Num rejects infinities). */
  @FunctionalInterface
  private interface Arith {
    Value apply() throws BuiltinError;
  }

  private static Value checked(String op, Arith f) throws BuiltinError {
    try {
      return f.apply();
    } catch (ArithmeticException e) {
      throw new BuiltinError("`" + op + "`: result out of range");
    }
  }

  static void register(Registry r) {
    r.add("plus", 2, (a, c) -> plus(a[0], a[1]));
    r.add("minus", 2, (a, c) -> minus(a[0], a[1]));
    r.add("mul", 2, (a, c) -> mul(a[0], a[1]));
    r.add("div", 2, (a, c) -> div(a[0], a[1]));
    r.add("rem", 2, (a, c) -> rem(a[0], a[1]));
    r.add("and", 2, (a, c) -> intersection(a[0], a[1]));
    r.add("or", 2, (a, c) -> union(a[0], a[1]));
    r.add("equal", 2, (a, c) -> Value.bool(a[0].compareTo(a[1]) == 0));
    r.add("neq", 2, (a, c) -> Value.bool(a[0].compareTo(a[1]) != 0));
    r.add("lt", 2, (a, c) -> Value.bool(a[0].compareTo(a[1]) < 0));
    r.add("lte", 2, (a, c) -> Value.bool(a[0].compareTo(a[1]) <= 0));
    r.add("gt", 2, (a, c) -> Value.bool(a[0].compareTo(a[1]) > 0));
    r.add("gte", 2, (a, c) -> Value.bool(a[0].compareTo(a[1]) >= 0));
  }

  private static Num number(String op, Value v) throws BuiltinError {
    if (v instanceof Num n) {
      return n;
    }
    throw new BuiltinError("`" + op + "` expects numeric argument. Got `" + v + "` instead");
  }

  /** {@code x + y}. */
  public static Value plus(Value x, Value y) throws BuiltinError {
    Num a = number("add", x);
    Num b = number("add", y);
    return checked("add", () -> a.add(b));
  }

  /** {@code x - y}: numeric difference or set difference. */
  public static Value minus(Value x, Value y) throws BuiltinError {
    if (x instanceof Value.SetV a && y instanceof Value.SetV b) {
      TreeSet<Value> out = new TreeSet<>(a.items());
      out.removeAll(b.items());
      return Value.ownSet(out);
    }
    Num a = number("sub", x);
    Num b = number("sub", y);
    return checked("sub", () -> a.subtract(b));
  }

  /** {@code x * y}. */
  public static Value mul(Value x, Value y) throws BuiltinError {
    Num a = number("mul", x);
    Num b = number("mul", y);
    return checked("mul", () -> a.multiply(b));
  }

  /** {@code x / y}; a zero divisor is an error. */
  public static Value div(Value x, Value y) throws BuiltinError {
    Num a = number("div", x);
    Num b = number("div", y);
    if (b.signum() == 0) {
      throw new BuiltinError("divide by zero");
    }
    return checked("div", () -> a.divide(b));
  }

  /** {@code x % y} on integers; zero divisor or a non-integer operand is an error. */
  public static Value rem(Value x, Value y) throws BuiltinError {
    Num a = number("mod", x);
    Num b = number("mod", y);
    if (b.signum() == 0) {
      throw new BuiltinError("modulo by zero");
    }
    if (!a.isInteger() || !b.isInteger()) {
      throw new BuiltinError("modulo on floating-point number");
    }
    return a.remainder(b);
  }

  /** {@code x & y} on sets. */
  public static Value intersection(Value x, Value y) throws BuiltinError {
    TreeSet<Value> out = new TreeSet<>(set("and", x).items());
    out.retainAll(set("and", y).items());
    return Value.ownSet(out);
  }

  /** {@code x | y} on sets. */
  public static Value union(Value x, Value y) throws BuiltinError {
    TreeSet<Value> out = new TreeSet<>(set("or", x).items());
    out.addAll(set("or", y).items());
    return Value.ownSet(out);
  }

  private static Value.SetV set(String op, Value v) throws BuiltinError {
    if (v instanceof Value.SetV s) {
      return s;
    }
    throw new BuiltinError("`" + op + "` expects set argument. Got `" + v + "` instead");
  }
}
