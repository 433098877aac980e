package dev.claviger.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * A Rego number. Integers are exact (a {@code long}, or a {@link BigInteger} beyond it);
 * non-integers are IEEE-754 doubles, as regorus computes them. Values compare by numeric value,
 * so {@code 1 == 1.0}. Integral doubles within ±2^53 are normalised to integers.
 */
public final class Num implements Value {
  private static final byte KIND_LONG = 0;
  private static final byte KIND_BIG = 1;
  private static final byte KIND_DOUBLE = 2;

  private static final double EXACT_LIMIT = 9007199254740992d; // 2^53
  private static final int MAX_INTEGER_DIGITS = 400;
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
  private static final Num[] SMALL = new Num[256 + 128];

  static {
    for (int i = 0; i < SMALL.length; i++) {
      SMALL[i] = new Num(i - 128, null, 0, KIND_LONG);
    }
  }

  private final long l;
  private final BigInteger big;
  private final double d;
  private final byte kind;

  private Num(long l, BigInteger big, double d, byte kind) {
    this.l = l;
    this.big = big;
    this.d = d;
    this.kind = kind;
  }

  public static Num of(long l) {
    return l >= -128 && l < 256 ? SMALL[(int) l + 128] : new Num(l, null, 0, KIND_LONG);
  }

  public static Num of(BigInteger b) {
    if (b.compareTo(LONG_MIN) >= 0 && b.compareTo(LONG_MAX) <= 0) {
      return of(b.longValue());
    }
    return new Num(0, b, 0, KIND_BIG);
  }

  /** A double; integral values within ±2^53 become integers. NaN and infinities are rejected. */
  public static Num of(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      throw new ArithmeticException("number out of range: " + d);
    }
    if (d == Math.rint(d) && Math.abs(d) <= EXACT_LIMIT) {
      return of((long) d);
    }
    return new Num(0, null, d, KIND_DOUBLE);
  }

  /**
   * Parses a Rego/JSON number literal.
   *
   * @throws NumberFormatException when the text is not a number
   * @throws ArithmeticException when the value is out of double range
   */
  public static Num parse(String text) {
    if (text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0) {
      return of(new BigInteger(text));
    }
    BigDecimal bd = new BigDecimal(text);
    if (bd.signum() == 0) {
      return of(0);
    }
    BigDecimal stripped = bd.stripTrailingZeros();
    // Bounded: "1e999999999" must not materialise a billion-digit integer.
    if (stripped.scale() <= 0 && stripped.precision() - stripped.scale() <= MAX_INTEGER_DIGITS) {
      return of(stripped.toBigIntegerExact());
    }
    return of(bd.doubleValue());
  }

  static Num fromJson(JsonNode n) {
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? of(n.longValue()) : of(n.bigIntegerValue());
    }
    if (n.isBigDecimal()) {
      return parse(n.decimalValue().toString());
    }
    return of(n.doubleValue());
  }

  public boolean isInteger() {
    return kind != KIND_DOUBLE;
  }

  /** True when the value is an integer that fits a {@code long}. */
  public boolean isLong() {
    return kind == KIND_LONG;
  }

  /** The value as a long; only meaningful when {@link #isLong()}. */
  public long longValue() {
    return kind == KIND_LONG ? l : kind == KIND_BIG ? big.longValue() : (long) d;
  }

  public double doubleValue() {
    return kind == KIND_LONG ? l : kind == KIND_BIG ? big.doubleValue() : d;
  }

  /** The exact integer value; only meaningful when {@link #isInteger()}. */
  public BigInteger bigValue() {
    return kind == KIND_LONG ? BigInteger.valueOf(l) : kind == KIND_BIG ? big : BigDecimal.valueOf(d).toBigInteger();
  }

  public BigDecimal decimalValue() {
    return kind == KIND_LONG ? BigDecimal.valueOf(l) : kind == KIND_BIG ? new BigDecimal(big) : new BigDecimal(d);
  }

  public int signum() {
    return kind == KIND_LONG ? Long.signum(l) : kind == KIND_BIG ? big.signum() : (int) Math.signum(d);
  }

  // --- arithmetic: exact on integers, double otherwise --------------------------------------

  public Num add(Num o) {
    if (kind == KIND_LONG && o.kind == KIND_LONG) {
      long r = l + o.l;
      if (((l ^ r) & (o.l ^ r)) < 0) {
        return of(BigInteger.valueOf(l).add(BigInteger.valueOf(o.l)));
      }
      return of(r);
    }
    if (isInteger() && o.isInteger()) {
      return of(bigValue().add(o.bigValue()));
    }
    return of(doubleValue() + o.doubleValue());
  }

  public Num subtract(Num o) {
    if (kind == KIND_LONG && o.kind == KIND_LONG) {
      long r = l - o.l;
      if (((l ^ o.l) & (l ^ r)) < 0) {
        return of(BigInteger.valueOf(l).subtract(BigInteger.valueOf(o.l)));
      }
      return of(r);
    }
    if (isInteger() && o.isInteger()) {
      return of(bigValue().subtract(o.bigValue()));
    }
    return of(doubleValue() - o.doubleValue());
  }

  public Num multiply(Num o) {
    if (kind == KIND_LONG && o.kind == KIND_LONG) {
      long hi = Math.multiplyHigh(l, o.l);
      long lo = l * o.l;
      if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) {
        return of(lo);
      }
      return of(BigInteger.valueOf(l).multiply(BigInteger.valueOf(o.l)));
    }
    if (isInteger() && o.isInteger()) {
      return of(bigValue().multiply(o.bigValue()));
    }
    return of(doubleValue() * o.doubleValue());
  }

  /** Division; the caller checks for a zero divisor (a Rego error). */
  public Num divide(Num o) {
    if (isInteger() && o.isInteger()) {
      BigInteger[] qr = bigValue().divideAndRemainder(o.bigValue());
      if (qr[1].signum() == 0) {
        return of(qr[0]);
      }
    }
    return of(doubleValue() / o.doubleValue());
  }

  /** Remainder of integers (sign of the dividend, as Go and Rust); the caller checks types and zero. */
  public Num remainder(Num o) {
    if (kind == KIND_LONG && o.kind == KIND_LONG) {
      return of(l % o.l);
    }
    return of(bigValue().remainder(o.bigValue()));
  }

  public Num negate() {
    return kind == KIND_LONG && l != Long.MIN_VALUE ? of(-l) : isInteger() ? of(bigValue().negate()) : of(-d);
  }

  // --- Value -------------------------------------------------------------------------------

  @Override
  public int typeRank() {
    return 2;
  }

  @Override
  public String typeName() {
    return "number";
  }

  @Override
  public int compareSameType(Value other) {
    Num o = (Num) other;
    if (kind == KIND_LONG && o.kind == KIND_LONG) {
      return Long.compare(l, o.l);
    }
    if (kind == KIND_DOUBLE || o.kind == KIND_DOUBLE) {
      // Mixed integer/float comparison is done in doubles, as regorus does (1e30 == 10^30).
      return Double.compare(doubleValue(), o.doubleValue());
    }
    return bigValue().compareTo(o.bigValue());
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof Num n && compareSameType(n) == 0;
  }

  @Override
  public int hashCode() {
    // Integral doubles within 2^53 are normalised to longs; beyond that, integers may equal a
    // double (compared as doubles), so they hash like one.
    if (kind == KIND_LONG && l >= -(long) EXACT_LIMIT && l <= (long) EXACT_LIMIT) {
      return Long.hashCode(l);
    }
    return Double.hashCode(doubleValue());
  }

  @Override
  public JsonNode toJson() {
    return switch (kind) {
      case KIND_LONG -> JsonNodeFactory.instance.numberNode(l);
      case KIND_BIG -> JsonNodeFactory.instance.numberNode(big);
      default -> JsonNodeFactory.instance.numberNode(d);
    };
  }

  @Override
  public String toString() {
    return switch (kind) {
      case KIND_LONG -> Long.toString(l);
      case KIND_BIG -> big.toString();
      default -> formatDouble(d);
    };
  }

  /** Formats like Go's strconv 'g' shortest form used by OPA/regorus for JSON numbers. */
  private static String formatDouble(double v) {
    String s = Double.toString(v);
    int e = s.indexOf('E');
    if (e < 0) {
      return s;
    }
    String mant = s.substring(0, e);
    if (mant.endsWith(".0")) {
      mant = mant.substring(0, mant.length() - 2);
    }
    int exp = Integer.parseInt(s.substring(e + 1));
    return mant + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
  }
}
