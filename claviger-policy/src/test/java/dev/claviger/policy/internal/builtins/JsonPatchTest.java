package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.Value;
import org.junit.jupiter.api.Test;

class JsonPatchTest extends BuiltinTestSupport {
  private Value patch(Value target, String ops) throws Exception {
    return call("json.patch", target, v(ops));
  }

  @Test
  void patch_eachOperation_appliesRfc6902() throws Exception {
    assertThat(patch(v("{\"a\":{\"foo\":1}}"), "[{\"op\":\"add\",\"path\":\"/a/bar\",\"value\":2}]")).isEqualTo(v("{\"a\":{\"foo\":1,\"bar\":2}}"));
    assertThat(patch(v("{\"a\":{\"foo\":1,\"bar\":2}}"), "[{\"op\":\"remove\",\"path\":\"/a/bar\"}]")).isEqualTo(v("{\"a\":{\"foo\":1}}"));
    assertThat(patch(v("{\"a\":{\"foo\":1}}"), "[{\"op\":\"replace\",\"path\":\"/a/foo\",\"value\":42}]")).isEqualTo(v("{\"a\":{\"foo\":42}}"));
    assertThat(patch(v("{\"a\":{\"foo\":1},\"b\":{}}"), "[{\"op\":\"move\",\"from\":\"/a/foo\",\"path\":\"/b/foo\"}]")).isEqualTo(v("{\"a\":{},\"b\":{\"foo\":1}}"));
    assertThat(patch(v("{\"a\":{\"foo\":1},\"b\":{}}"), "[{\"op\":\"copy\",\"from\":\"/a/foo\",\"path\":\"/b/foo\"}]")).isEqualTo(v("{\"a\":{\"foo\":1},\"b\":{\"foo\":1}}"));
    assertThat(patch(v("{\"a\":{\"foo\":1}}"), "[{\"op\":\"test\",\"path\":\"/a/foo\",\"value\":1}]")).isEqualTo(v("{\"a\":{\"foo\":1}}"));
    assertThat(patch(v("{\"a\":{\"foo\":1}}"), "[{\"op\":\"test\",\"path\":\"/a/foo\",\"value\":2}]")).isNull();
  }

  @Test
  void patch_arraysEscapesAndRoot() throws Exception {
    assertThat(patch(v("{\"arr\":[1,2,3]}"), "[{\"op\":\"add\",\"path\":\"/arr/1\",\"value\":\"x\"}]")).isEqualTo(v("{\"arr\":[1,\"x\",2,3]}"));
    assertThat(patch(v("{\"arr\":[1,2,3]}"), "[{\"op\":\"add\",\"path\":\"/arr/-\",\"value\":4}]")).isEqualTo(v("{\"arr\":[1,2,3,4]}"));
    assertThat(patch(v("{\"arr\":[1,2,3]}"), "[{\"op\":\"remove\",\"path\":\"/arr/1\"}]")).isEqualTo(v("{\"arr\":[1,3]}"));
    assertThat(patch(v("{\"foo/bar\":{\"baz~\":1}}"), "[{\"op\":\"add\",\"path\":\"/foo~1bar/baz~0test\",\"value\":2}]"))
        .isEqualTo(v("{\"foo/bar\":{\"baz~\":1,\"baz~test\":2}}"));
    assertThat(patch(v("{\"a\":1}"), "[{\"op\":\"remove\",\"path\":\"\"}]")).isNull();
    assertThat(patch(v("{\"a\":1}"), "[{\"op\":\"remove\",\"path\":\"\"},{\"op\":\"add\",\"path\":\"\",\"value\":{\"b\":2}}]")).isEqualTo(v("{\"b\":2}"));
  }

  @Test
  void patch_setsAddressMembersByValue() throws Exception {
    Value abc = set(s("a"), s("b"), s("c"));
    assertThat(patch(abc, "[{\"op\":\"add\",\"path\":[\"d\"],\"value\":\"d\"}]")).isEqualTo(set(s("a"), s("b"), s("c"), s("d")));
    assertThat(patch(abc, "[{\"op\":\"remove\",\"path\":[\"b\"]}]")).isEqualTo(set(s("a"), s("c")));
    assertThat(patch(abc, "[{\"op\":\"move\",\"from\":[\"a\"],\"path\":[\"a\"]}]")).isEqualTo(abc);
    assertThat(patch(set(s("a"), s("b")), "[{\"op\":\"replace\",\"path\":[\"a\"],\"value\":\"c\"}]")).isNull();
    Value member = v("{\"a\":[1]}");
    Value copied = call("json.patch", set(member), Value.array(Value.object(java.util.Map.of(
        s("op"), s("copy"), s("from"), Value.array(member, s("a"), n(0)), s("path"), Value.array(member, s("a"), s("-"))))));
    assertThat(copied).isEqualTo(set(v("{\"a\":[1,1]}")));
    Value member2 = v("{\"a\":[1,2]}");
    Value replaced = call("json.patch", set(member2), Value.array(Value.object(java.util.Map.of(
        s("op"), s("replace"), s("path"), Value.array(member2, s("a"), n(1)), s("value"), n(9)))));
    assertThat(replaced).isNull();
  }

  @Test
  void patch_invalidOperations_areUndefined() throws Exception {
    assertThat(patch(v("[\"a\",\"b\"]"), "[{\"op\":\"remove\",\"path\":[1.5]}]")).isNull();
    assertThat(patch(v("[1,2]"), "[{\"op\":\"remove\",\"path\":[-1]}]")).isNull();
    assertThat(patch(v("[1,2]"), "[{\"op\":\"remove\",\"path\":[999999999999999999999999999999999999]}]")).isNull();
    assertThat(patch(v("[1,2]"), "[{\"op\":\"remove\",\"path\":\"/01\"}]")).isNull();
    assertThat(patch(v("[1,2]"), "[{\"op\":\"remove\",\"path\":\"/-\"}]")).isNull();
    assertThat(patch(v("{}"), "[{\"path\":\"/a\",\"value\":1}]")).isNull();
    assertThat(patch(v("{}"), "[{\"op\":\"add\",\"value\":1}]")).isNull();
    assertThat(patch(v("{}"), "[{\"op\":\"add\",\"path\":\"/a\"}]")).isNull();
    assertThat(patch(v("{}"), "[{\"op\":\"move\",\"path\":\"/a\"}]")).isNull();
    assertThat(patch(v("{}"), "[{\"op\":1,\"path\":{},\"value\":1}]")).isNull();
    assertThat(patch(v("{\"a\":{\"b\":1}}"), "[{\"op\":\"move\",\"from\":\"/a\",\"path\":\"/a/c\"}]")).isNull();
    assertThat(patch(v("{}"), "[{\"op\":\"frobnicate\",\"path\":\"/a\"}]")).isNull();
    assertThat(patch(v("{}"), "[1]")).isNull();
    assertError("json.patch", v("{}"), v("{}")).hasMessageContaining("expects array argument");
  }

  @Test
  void patch_failure_leavesInputUnchanged() throws Exception {
    Value original = v("{\"a\":[1,2,3]}");
    assertThat(patch(original, "[{\"op\":\"remove\",\"path\":\"/a/0\"},{\"op\":\"remove\",\"path\":\"/missing\"}]")).isNull();
    assertThat(original).isEqualTo(v("{\"a\":[1,2,3]}"));
  }
}
