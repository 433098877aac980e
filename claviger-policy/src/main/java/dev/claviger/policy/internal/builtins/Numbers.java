package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/** abs, ceil, floor, round, numbers.range, numbers.range_step, rand.intn. */
final class Numbers {
  /** Largest array numbers.range may build; guards memory against hostile policies. */
  static final long MAX_RANGE = 10_000_000;

  private Numbers() {}

  static void register(Registry r) {
    r.add("abs", 1, (a, c) -> {
      Num n = Args.num("abs", a, 0);
      return n.signum() < 0 ? n.negate() : n;
    });
    r.add("ceil", 1, (a, c) -> roundTo(Args.num("ceil", a, 0), RoundingMode.CEILING));
    r.add("floor", 1, (a, c) -> roundTo(Args.num("floor", a, 0), RoundingMode.FLOOR));
    // Half away from zero, as Go's math.Round and Rust's f64::round.
    r.add("round", 1, (a, c) -> roundTo(Args.num("round", a, 0), RoundingMode.HALF_UP));
    r.add("numbers.range", 2, (a, c) -> range("numbers.range", a, 1));
    r.add("numbers.range_step", 3, (a, c) -> rangeStep(a));
    r.add("rand.intn", 2, Numbers::intn);
  }

  static Num roundTo(Num n, RoundingMode mode) {
    if (n.isInteger()) {
      return n;
    }
    return Num.of(new BigDecimal(n.doubleValue()).setScale(0, mode).toBigIntegerExact());
  }

  private static long rangeEnd(String fn, Value[] a, int i) throws BuiltinError {
    Num n = Args.num(fn, a, i);
    if (!n.isInteger()) {
      throw new BuiltinError("`" + fn + "`: operand must be integer");
    }
    if (!n.isLong()) {
      throw new BuiltinError("`" + fn + "`: could not determine number of elements");
    }
    return n.longValue();
  }

  private static Value range(String fn, Value[] a, long step) throws BuiltinError {
    long from = rangeEnd(fn, a, 0);
    long to = rangeEnd(fn, a, 1);
    long dir = to >= from ? 1 : -1;
    BigInteger span = BigInteger.valueOf(to).subtract(BigInteger.valueOf(from)).abs();
    BigInteger n = span.divide(BigInteger.valueOf(step)).add(BigInteger.ONE);
    if (n.compareTo(BigInteger.valueOf(MAX_RANGE)) > 0) {
      throw new BuiltinError("`" + fn + "`: range of " + n + " elements exceeds the limit of " + MAX_RANGE);
    }
    List<Value> out = new ArrayList<>(n.intValue());
    long v = from;
    for (int i = 0; i < n.intValue(); i++) {
      out.add(Num.of(v));
      v += dir * step;
    }
    return Value.ownArray(out);
  }

  private static Value rangeStep(Value[] a) throws BuiltinError {
    Num step = Args.num("numbers.range_step", a, 2);
    rangeEnd("numbers.range_step", a, 0);
    rangeEnd("numbers.range_step", a, 1);
    if (!step.isLong() || step.longValue() <= 0) {
      throw new BuiltinError("`numbers.range_step`: step must be a positive integer");
    }
    return range("numbers.range_step", a, step.longValue());
  }

  private static Value intn(Value[] a, BuiltinContext ctx) throws BuiltinError {
    String seed = Args.str("rand.intn", a, 0);
    Num n = Args.num("rand.intn", a, 1);
    if (!n.isLong() || n.longValue() < 0) {
      return null;
    }
    long bound = n.longValue();
    if (bound == 0) {
      return Num.of(0);
    }
    List<Object> key = List.of("rand.intn", seed, bound);
    Object cached = ctx.queryCache().get(key);
    if (cached instanceof Value v) {
      return v;
    }
    Value v = Num.of(ctx.random().nextLong(bound));
    ctx.queryCache().put(key, v);
    return v;
  }
}
