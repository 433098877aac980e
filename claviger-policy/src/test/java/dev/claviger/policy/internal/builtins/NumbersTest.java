package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.Value;
import org.junit.jupiter.api.Test;

class NumbersTest extends BuiltinTestSupport {
  @Test
  void rounding_halfAwayFromZero_andFloorCeilAbs() throws Exception {
    assertThat(call("round", v("-9.5"))).isEqualTo(n(-10));
    assertThat(call("round", v("-9.4"))).isEqualTo(n(-9));
    assertThat(call("round", v("9.5"))).isEqualTo(n(10));
    assertThat(call("round", n(8))).isEqualTo(n(8));
    assertThat(call("floor", v("-9.1"))).isEqualTo(n(-10));
    assertThat(call("floor", v("9.1"))).isEqualTo(n(9));
    assertThat(call("ceil", v("9.1"))).isEqualTo(n(10));
    assertThat(call("abs", v("-9.1"))).isEqualTo(v("9.1"));
    assertThat(call("abs", n(-9))).isEqualTo(n(9));
  }

  @Test
  void numberFunctions_stringArgument_areErrors() {
    for (String fn : new String[] {"abs", "round", "floor", "ceil"}) {
      assertError(fn, s("-9")).hasMessageContaining("`" + fn + "` expects numeric argument");
    }
  }

  @Test
  void range_ascendingDescendingAndSingle() throws Exception {
    assertThat(call("numbers.range", n(1), n(5))).isEqualTo(v("[1,2,3,4,5]"));
    assertThat(call("numbers.range", n(5), n(1))).isEqualTo(v("[5,4,3,2,1]"));
    assertThat(call("numbers.range", n(-1), n(-5))).isEqualTo(v("[-1,-2,-3,-4,-5]"));
    assertThat(call("numbers.range", n(8), n(8))).isEqualTo(v("[8]"));
    assertThat(call("numbers.range_step", n(0), n(10), n(4))).isEqualTo(v("[0,4,8]"));
    assertThat(call("numbers.range_step", n(10), n(0), n(4))).isEqualTo(v("[10,6,2]"));
  }

  @Test
  void range_nonIntegerOrHuge_areErrors() {
    assertError("numbers.range", v("1.01"), n(5)).hasMessageContaining("must be integer");
    assertError("numbers.range", n(1), v("5.01")).hasMessageContaining("must be integer");
    assertError("numbers.range", s("1"), n(2)).hasMessageContaining("`numbers.range` expects numeric argument");
    assertError("numbers.range", n(0), n(Long.MAX_VALUE)).hasMessageContaining("exceeds the limit");
    assertError("numbers.range_step", n(0), n(5), n(0)).hasMessageContaining("step must be a positive integer");
  }

  @Test
  void randIntn_sameArgumentsInOneQuery_sameValue() throws Exception {
    Value x = call("rand.intn", s("x"), n(50000));
    assertThat(call("rand.intn", s("x"), n(50000))).isEqualTo(x);
    assertThat(((dev.claviger.policy.Num) x).longValue()).isBetween(0L, 49999L);
    assertThat(call("rand.intn", s("b"), n(0))).isEqualTo(n(0));
    assertThat(call("rand.intn", s("a"), v("10.3"))).isNull();
    assertError("rand.intn", n(1), n(2)).hasMessageContaining("`rand.intn` expects string argument");
    assertError("rand.intn", s("a"), s("b")).hasMessageContaining("`rand.intn` expects numeric argument");
  }

  @Test
  void bits_operations_onIntegers() throws Exception {
    assertThat(call("bits.and", n(1), n(0))).isEqualTo(n(0));
    assertThat(call("bits.or", n(1), n(0))).isEqualTo(n(1));
    assertThat(call("bits.xor", n(1), n(1))).isEqualTo(n(0));
    assertThat(call("bits.lsh", n(9), n(2))).isEqualTo(n(36));
    assertThat(call("bits.rsh", n(9), n(2))).isEqualTo(n(2));
    assertThat(call("bits.negate", n(0))).isEqualTo(n(-1));
    assertThat(call("bits.lsh", n(1), n(64))).isEqualTo(v("18446744073709551616"));
  }

  @Test
  void bits_badArguments_areErrors() {
    assertError("bits.and", n(1), s("str")).hasMessageContaining("`bits.and` expects numeric argument. Got `\"str\"` instead");
    assertError("bits.xor", s("str"), n(1)).hasMessageContaining("`bits.xor` expects numeric argument. Got `\"str\"` instead");
    assertError("bits.or", v("1.5"), n(1)).hasMessageContaining("integer");
    assertError("bits.lsh", n(1), n(-1)).hasMessageContaining("non-negative");
    assertError("bits.lsh", n(1), n(1_000_000)).hasMessageContaining("limit");
  }

  @Test
  void units_parse_siAndIecSuffixes() throws Exception {
    assertThat(call("units.parse", s("1K"))).isEqualTo(n(1000));
    assertThat(call("units.parse", s("1m"))).isEqualTo(v("0.001"));
    assertThat(call("units.parse", s("1E"))).isEqualTo(v("1e18"));
    assertThat(call("units.parse", s("1Q"))).isEqualTo(v("1e30"));
    assertThat(call("units.parse", s("1μ"))).isEqualTo(v("1e-6"));
    assertThat(call("units.parse", s("1q"))).isEqualTo(v("1e-30"));
    assertThat(call("units.parse", s("1Ki"))).isEqualTo(n(1024));
    assertThat(call("units.parse", s("1kI"))).isEqualTo(n(1024));
    assertThat(call("units.parse", s("1Yi"))).isEqualTo(v("1208925819614629174706176"));
    assertThat(call("units.parse", s("\"1\""))).isEqualTo(n(1));
    assertThat(call("units.parse", s(".5K"))).isEqualTo(n(500));
    assertThat(call("units.parse", s("1mb"))).isNull();
  }

  @Test
  void units_parseBytes_suffixesAndRounding() throws Exception {
    assertThat(call("units.parse_bytes", s("1KiB"))).isEqualTo(n(1024));
    assertThat(call("units.parse_bytes", s("1kib"))).isEqualTo(n(1024));
    assertThat(call("units.parse_bytes", s("1Mi"))).isEqualTo(n(1048576));
    assertThat(call("units.parse_bytes", s("1GB"))).isEqualTo(n(1_000_000_000));
    assertThat(call("units.parse_bytes", s("1m"))).isEqualTo(n(1_000_000));
    assertThat(call("units.parse_bytes", s("1qb"))).isEqualTo(v("1e30"));
    assertThat(call("units.parse_bytes", s("12"))).isEqualTo(n(12));
    assertThat(call("units.parse_bytes", s("1.5K"))).isEqualTo(n(1500));
    assertThat(call("units.parse_bytes", s("1x"))).isNull();
  }

  @Test
  void units_spacesOrNonString_areErrors() {
    assertError("units.parse", s("1 m")).hasMessageContaining("spaces not allowed in resource string");
    assertError("units.parse_bytes", s("1 m")).hasMessageContaining("spaces not allowed in resource string");
    assertError("units.parse", v("[\"1\"]")).hasMessageContaining("expects string argument");
    assertError("units.parse", s("1.2.3K")).hasMessageContaining("could not parse number");
  }
}
