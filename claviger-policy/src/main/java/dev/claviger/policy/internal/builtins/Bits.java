package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.math.BigInteger;
import java.util.function.BinaryOperator;

/** bits.and/or/xor/negate/lsh/rsh on arbitrary-precision integers. */
final class Bits {
  /** Shifts beyond this many bits are refused: the result would be unboundedly large. */
  static final int MAX_SHIFT = 4096;

  private Bits() {}

  static void register(Registry r) {
    binary(r, "bits.and", BigInteger::and);
    binary(r, "bits.or", BigInteger::or);
    binary(r, "bits.xor", BigInteger::xor);
    r.add("bits.negate", 1, (a, c) -> Num.of(integer("bits.negate", a, 0).not()));
    r.add("bits.lsh", 2, (a, c) -> Num.of(integer("bits.lsh", a, 0).shiftLeft(shift("bits.lsh", a))));
    r.add("bits.rsh", 2, (a, c) -> Num.of(integer("bits.rsh", a, 0).shiftRight(shift("bits.rsh", a))));
  }

  private static void binary(Registry r, String name, BinaryOperator<BigInteger> op) {
    r.add(name, 2, (a, c) -> {
      BigInteger x = integer(name, a, 0);
      BigInteger y = integer(name, a, 1);
      return Num.of(op.apply(x, y));
    });
  }

  private static BigInteger integer(String fn, Value[] a, int i) throws BuiltinError {
    Num n = Args.num(fn, a, i);
    if (!n.isInteger()) {
      throw new BuiltinError("`" + fn + "` expects integer arguments. Got `" + n + "`");
    }
    return n.bigValue();
  }

  private static int shift(String fn, Value[] a) throws BuiltinError {
    Args.num(fn, a, 0);
    BigInteger s = integer(fn, a, 1);
    if (s.signum() < 0) {
      throw new BuiltinError("`" + fn + "` expects non-negative integer arguments. Got `" + s + "`");
    }
    if (s.compareTo(BigInteger.valueOf(MAX_SHIFT)) > 0) {
      throw new BuiltinError("`" + fn + "` shift of " + s + " bits exceeds the limit of " + MAX_SHIFT);
    }
    return s.intValue();
  }
}
