package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.Value;
import org.junit.jupiter.api.Test;

class AggregatesTest extends BuiltinTestSupport {
  @Test
  void count_eachCollectionAndString_returnsSize() throws Exception {
    assertThat(call("count", v("[1,2,3]"))).isEqualTo(n(3));
    assertThat(call("count", set(n(1), n(2)))).isEqualTo(n(2));
    assertThat(call("count", v("{\"a\":1}"))).isEqualTo(n(1));
    assertThat(call("count", s("héllo"))).isEqualTo(n(5));
  }

  @Test
  void count_number_isError() {
    assertError("count", n(5)).hasMessageContaining("`count` requires array/object/set/string argument");
  }

  @Test
  void sumProduct_arraysAndSets_foldNumbers() throws Exception {
    assertThat(call("sum", v("[-1,3,2]"))).isEqualTo(n(4));
    assertThat(call("sum", v("[]"))).isEqualTo(n(0));
    assertThat(call("sum", set(n(3), n(2), n(1)))).isEqualTo(n(6));
    assertThat(call("sum", v("[0.1,0.2]"))).isEqualTo(v("0.30000000000000004"));
    assertThat(call("product", v("[1,-1,2,-1]"))).isEqualTo(n(2));
    assertThat(call("product", v("[]"))).isEqualTo(n(1));
    assertThat(call("product", Value.EMPTY_SET)).isEqualTo(n(1));
    assertThat(call("product", set(n(0)))).isEqualTo(n(0));
  }

  @Test
  void sumProductMinMax_nonCollection_areErrors() {
    for (String fn : new String[] {"sum", "product", "min", "max", "sort"}) {
      for (Value bad : new Value[] {Value.NULL, Value.TRUE, n(5), s("abc"), Value.EMPTY_OBJECT}) {
        assertError(fn, bad).hasMessageContaining("`" + fn + "` requires array/set argument.");
      }
    }
  }

  @Test
  void sumProduct_doubleOverflow_isErrorNotInfinity() {
    assertError("sum", v("[1e308,1e308]")).hasMessageContaining("out of range");
    assertError("product", v("[1e200,1e200]")).hasMessageContaining("out of range");
    assertError("plus", v("1e308"), v("1e308")).hasMessageContaining("out of range");
    assertError("div", v("1e308"), v("1e-308")).hasMessageContaining("out of range");
  }

  @Test
  void sum_nonNumericMember_isError() {
    assertError("sum", v("[1,\"a\"]")).hasMessageContaining("expects numeric argument");
  }

  @Test
  void minMax_emptyCollection_isUndefined() throws Exception {
    assertThat(call("min", v("[]"))).isNull();
    assertThat(call("max", Value.EMPTY_SET)).isNull();
    assertThat(call("min", v("[-1,3,2]"))).isEqualTo(n(-1));
    assertThat(call("min", set(n(1), n(2), n(-1)))).isEqualTo(n(-1));
    assertThat(call("max", v("[1,\"a\",null]"))).isEqualTo(s("a"));
  }

  @Test
  void sort_mixedTypes_usesRegoOrder() throws Exception {
    assertThat(call("sort", v("[3,\"a\",null,[1],1,true]"))).isEqualTo(v("[null,true,1,3,\"a\",[1]]"));
    assertThat(call("sort", set(n(2), n(1)))).isEqualTo(v("[1,2]"));
  }

  @Test
  void arrays_concatReverseSlice_behaveAsOpa() throws Exception {
    assertThat(call("array.concat", v("[1,2,3]"), v("[4,5,6]"))).isEqualTo(v("[1,2,3,4,5,6]"));
    assertThat(call("array.concat", v("[]"), v("[]"))).isEqualTo(v("[]"));
    assertThat(call("array.reverse", v("[1,2,3]"))).isEqualTo(v("[3,2,1]"));
    assertThat(call("array.slice", v("[1,2,3,4]"), n(1), n(3))).isEqualTo(v("[2,3]"));
    assertThat(call("array.slice", v("[1,2,3,4]"), n(-5), n(99))).isEqualTo(v("[1,2,3,4]"));
    assertThat(call("array.slice", v("[1,2,3,4]"), n(3), n(1))).isEqualTo(v("[]"));
    assertThat(call("array.slice", v("[1,2]"), v("0.5"), n(1))).isNull();
    assertThat(call("array.flatten", v("[[1,2],3,[[4]],[]]"))).isEqualTo(v("[1,2,3,[4]]"));
    assertError("array.flatten", s("x")).hasMessageContaining("`array.flatten` expects array argument");
  }

  @Test
  void arrays_wrongTypes_areErrors() {
    assertError("array.concat", n(1), v("[2]")).hasMessageContaining("`array.concat` expects array argument.");
    assertError("array.concat", v("[2]"), n(1)).hasMessageContaining("`array.concat` expects array argument.");
    assertError("array.reverse", n(1)).hasMessageContaining("`array.reverse` expects array argument.");
  }

  @Test
  void sets_unionAndIntersection_ofSetOfSets() throws Exception {
    Value sets = set(set(n(1), n(2)), set(n(2), n(3)));
    assertThat(call("union", sets)).isEqualTo(set(n(1), n(2), n(3)));
    assertThat(call("intersection", sets)).isEqualTo(set(n(2)));
    assertThat(call("intersection", Value.EMPTY_SET)).isEqualTo(Value.EMPTY_SET);
    assertError("union", set(n(1))).hasMessageContaining("set of sets");
  }
}
