package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.Value;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ObjectsTest extends BuiltinTestSupport {
  /** {"a":5,"b":{"c":8},"c":7,{1}:8,{"a":5}:9,true:false,5:10,null:5}. */
  private static Value mixedKeys() {
    TreeMap<Value, Value> m = new TreeMap<>();
    m.put(s("a"), n(5));
    m.put(s("b"), v("{\"c\":8}"));
    m.put(s("c"), n(7));
    m.put(set(n(1)), n(8));
    m.put(v("{\"a\":5}"), n(9));
    m.put(Value.TRUE, Value.FALSE);
    m.put(n(5), n(10));
    m.put(Value.NULL, n(5));
    return Value.object(m);
  }

  @Test
  void get_keyOrPath_fallsBackToDefault() throws Exception {
    Value obj = mixedKeys();
    assertThat(call("object.get", obj, s("a"), s("default"))).isEqualTo(n(5));
    assertThat(call("object.get", obj, v("[\"b\",\"c\"]"), s("default"))).isEqualTo(n(8));
    assertThat(call("object.get", obj, v("[\"a\",\"b\"]"), s("default"))).isEqualTo(s("default"));
    assertThat(call("object.get", obj, v("{\"a\":5}"), s("default"))).isEqualTo(n(9));
    assertThat(call("object.get", obj, v("[]"), s("default"))).isEqualTo(obj);
    assertThat(call("object.get", v("{\"a\":[10,20]}"), v("[\"a\",1]"), Value.NULL)).isEqualTo(n(20));
    assertError("object.get", v("[]"), s("a"), n(1)).hasMessageContaining("`object.get` expects object argument");
  }

  @Test
  void keys_anyKeyType_returnsSet() throws Exception {
    Value keys = call("object.keys", mixedKeys());
    assertThat(((Value.SetV) keys).items()).hasSize(8).contains(s("a"), set(n(1)), Value.TRUE, n(5), Value.NULL);
  }

  @Test
  void removeAndFilter_acceptArraySetOrObjectKeys() throws Exception {
    Value obj = mixedKeys();
    Value removed = call("object.remove", obj, Value.array(s("a"), s("b"), set(n(1))));
    assertThat(((Value.Obj) removed).map().keySet()).containsExactlyInAnyOrder(s("c"), v("{\"a\":5}"), Value.TRUE, n(5), Value.NULL);
    assertThat(call("object.remove", obj, set(s("a"), s("b"), set(n(1))))).isEqualTo(removed);
    assertThat(call("object.remove", obj, Value.object(Map.of(s("a"), n(1), s("b"), n(1), set(n(1)), n(1))))).isEqualTo(removed);
    Value filtered = call("object.filter", obj, Value.array(s("a"), set(n(1))));
    assertThat(filtered).isEqualTo(Value.object(Map.of(s("a"), n(5), set(n(1)), n(8))));
    assertThat(call("object.filter", obj, v("{\"a\":1,\"c\":0}"))).isEqualTo(v("{\"a\":5,\"c\":7}"));
    assertError("object.filter", obj, s("a")).hasMessageContaining("requires array/object/set argument");
  }

  @Test
  void union_nestedObjectsMerge_rightWins() throws Exception {
    assertThat(call("object.union", v("{\"a\":{\"b\":1,\"c\":2},\"d\":1}"), v("{\"a\":{\"b\":3},\"d\":{\"x\":1}}")))
        .isEqualTo(v("{\"a\":{\"b\":3,\"c\":2},\"d\":{\"x\":1}}"));
    assertThat(call("object.union_n", v("[{\"a\":1},{\"b\":2},{\"a\":3}]"))).isEqualTo(v("{\"a\":3,\"b\":2}"));
    assertThat(call("object.union_n", v("[]"))).isEqualTo(Value.EMPTY_OBJECT);
    assertError("object.union_n", v("[{},1]")).hasMessageContaining("item at index 1 is not an object");
    assertError("object.union", v("{}"), n(1)).hasMessageContaining("expects object argument");
  }

  @Test
  void subset_objectsSetsArrays() throws Exception {
    assertThat(call("object.subset", v("{\"a\":{\"b\":1,\"c\":2}}"), v("{\"a\":{\"b\":1}}"))).isEqualTo(Value.TRUE);
    assertThat(call("object.subset", v("{\"a\":1}"), v("{\"a\":2}"))).isEqualTo(Value.FALSE);
    assertThat(call("object.subset", v("[1,2,3,4]"), v("[2,3]"))).isEqualTo(Value.TRUE);
    assertThat(call("object.subset", v("[1,2,3,4]"), v("[3,2]"))).isEqualTo(Value.FALSE);
    assertThat(call("object.subset", v("[1,2,3]"), set(n(3), n(1)))).isEqualTo(Value.TRUE);
    assertThat(call("object.subset", set(n(1), n(2)), set(n(2)))).isEqualTo(Value.TRUE);
  }

  @Test
  void jsonFilterAndRemove_pathsAsStringsOrArrays() throws Exception {
    Value doc = v("{\"a\":{\"b\":1,\"c\":[10,20,30]},\"d\":2}");
    assertThat(call("json.filter", doc, v("[\"a/b\",\"d\"]"))).isEqualTo(v("{\"a\":{\"b\":1},\"d\":2}"));
    assertThat(call("json.filter", doc, v("[[\"a\",\"c\",1]]"))).isEqualTo(v("{\"a\":{\"c\":[20]}}"));
    assertThat(call("json.filter", doc, v("[\"a/c/0\"]"))).isEqualTo(v("{\"a\":{\"c\":[10]}}"));
    assertThat(call("json.filter", doc, v("[]"))).isEqualTo(Value.EMPTY_OBJECT);
    assertThat(call("json.remove", doc, v("[\"a/b\",\"a/c/1\"]"))).isEqualTo(v("{\"a\":{\"c\":[10,30]},\"d\":2}"));
    assertThat(call("json.remove", doc, set(s("d")))).isEqualTo(v("{\"a\":{\"b\":1,\"c\":[10,20,30]}}"));
    assertError("json.filter", doc, s("a")).hasMessageContaining("requires set/array argument");
    assertError("json.remove", doc, v("[1]")).hasMessageContaining("path");
  }
}
