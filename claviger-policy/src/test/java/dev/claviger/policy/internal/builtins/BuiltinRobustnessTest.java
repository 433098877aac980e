package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Every builtin, called with random (often hostile) arguments, must return a value, return
 * undefined, or throw {@link BuiltinError}: an unchecked exception would escape the evaluator's
 * error handling.
 */
class BuiltinRobustnessTest extends BuiltinTestSupport {
  private static final String[] ATOMS = {"", "a", "*", "**", "?", "[", "]", "[a-", "{", "}", "{a,b", "\\", "$", "^",
      "(", ")", "(?P<n>", "(?=", "%", "%d", "%5.2f", "%!", "/", "~1", "-", "0", "01", "1e999999", "9999999999999999999999",
      "-1", ".5", "1.5", "μ", "😀", "\u0000", "\n", " ", "2006-01-02", "15:04:05", "Z07:00", ".000", "1h", "1.2.3",
      "10.0.0.0/8", "::1", "::ffff:1.2.3.4", "fe80::1%eth0", "1.2.3.4/33", "a.b.c", "eyJ", "-----BEGIN CERTIFICATE-----",
      "1Ki", "1mb", "1.0.0-rc.1", "{\"a\":1}", "[1,", "a: &x [1]", "RFC3339", "Mon Jan _2", "_2006", "__2", "002"};

  private final Random rnd = new Random(7);

  private String randomString() {
    StringBuilder sb = new StringBuilder();
    int parts = rnd.nextInt(4);
    for (int i = 0; i < parts; i++) {
      sb.append(ATOMS[rnd.nextInt(ATOMS.length)]);
    }
    return sb.toString();
  }

  private Value randomValue(int depth) {
    int kind = rnd.nextInt(depth > 2 ? 5 : 9);
    return switch (kind) {
      case 0 -> Value.NULL;
      case 1 -> Value.bool(rnd.nextBoolean());
      case 2 -> Num.of(rnd.nextInt(2000) - 1000);
      case 3 -> Num.of(rnd.nextInt(10) == 0 ? 1.7e308 : rnd.nextDouble() * 1e6 - 5e5);
      case 4 -> Value.str(randomString());
      case 5, 6 -> {
        List<Value> items = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
          items.add(randomValue(depth + 1));
        }
        yield kind == 5 ? Value.array(items) : Value.set(items);
      }
      default -> {
        Map<Value, Value> m = new java.util.TreeMap<>();
        for (int i = rnd.nextInt(4); i > 0; i--) {
          m.put(rnd.nextBoolean() ? Value.str(randomString()) : randomValue(depth + 1), randomValue(depth + 1));
        }
        yield Value.object(m);
      }
    };
  }

  @Test
  void everyBuiltin_randomArguments_onlyBuiltinErrors() {
    List<String> failures = new ArrayList<>();
    for (BuiltinSpec spec : StandardBuiltins.all().values()) {
      for (int round = 0; round < 300; round++) {
        Value[] args = new Value[spec.arity()];
        for (int i = 0; i < args.length; i++) {
          args[i] = rnd.nextInt(3) == 0 ? Value.str(randomString()) : randomValue(0);
        }
        try {
          spec.function().call(args, ctx);
        } catch (BuiltinError expected) {
          // Type and domain errors are the contract.
        } catch (RuntimeException | StackOverflowError e) {
          failures.add(spec.name() + java.util.Arrays.toString(args) + " -> " + e);
        }
      }
    }
    assertThat(failures).isEmpty();
  }

  private Value strArray() {
    List<Value> items = new ArrayList<>();
    for (int i = rnd.nextInt(3); i > 0; i--) {
      items.add(Value.str(randomString()));
    }
    return Value.array(items);
  }

  private Value patchOp() {
    String[] ops = {"add", "remove", "replace", "move", "copy", "test", "x"};
    Map<Value, Value> m = new java.util.TreeMap<>();
    m.put(Value.str("op"), Value.str(ops[rnd.nextInt(ops.length)]));
    m.put(Value.str("path"), rnd.nextBoolean() ? Value.str("/" + randomString()) : randomValue(1));
    m.put(Value.str("from"), rnd.nextBoolean() ? Value.str("/" + randomString()) : randomValue(1));
    m.put(Value.str("value"), randomValue(1));
    return Value.object(m);
  }

  @Test
  void stringParsers_wellTypedRandomArguments_onlyBuiltinErrors() {
    List<String> failures = new ArrayList<>();
    for (int round = 0; round < 3000; round++) {
      Value str = Value.str(randomString());
      Value str2 = Value.str(randomString());
      Value num = Num.of(rnd.nextLong() % 4_000_000_000_000_000_000L);
      Object[][] calls = {
          {"sprintf", str, Value.array(randomValue(1), randomValue(1))},
          {"json.patch", randomValue(0), Value.array(patchOp(), patchOp())},
          {"glob.match", str, rnd.nextBoolean() ? strArray() : Value.NULL, str2},
          {"time.format", Value.array(num, Value.str(rnd.nextBoolean() ? "UTC" : randomString()), str)},
          {"time.parse_ns", str, str2},
          {"time.parse_duration_ns", str},
          {"regex.replace", str2, str, Value.str("$1${x}$")},
          {"regex.split", str, str2},
          {"regex.find_all_string_submatch_n", str, str2, Num.of(-1)},
          {"regex.template_match", str, str2, Value.str("{"), Value.str("}")},
          {"regex.globs_match", str, str2},
          {"units.parse", str}, {"units.parse_bytes", str}, {"semver.compare", str, str2},
          {"net.cidr_merge", strArray()}, {"net.cidr_contains_matches", strArray(), strArray()},
          {"json.filter", randomValue(2), strArray()}, {"json.remove", randomValue(2), strArray()},
          {"yaml.unmarshal", str}, {"json.unmarshal", str}, {"urlquery.decode_object", str},
          {"io.jwt.decode", str}, {"uuid.parse", str}, {"to_number", str}, {"substring", str, num, Num.of(3)},
          {"format_int", num, Num.of(16)}, {"numbers.range", Num.of(rnd.nextInt(100)), Num.of(rnd.nextInt(100))},
      };
      for (Object[] c : calls) {
        String name = (String) c[0];
        Value[] args = java.util.Arrays.copyOfRange(c, 1, c.length, Value[].class);
        try {
          StandardBuiltins.all().get(name).function().call(args, ctx);
        } catch (BuiltinError expected) {
          // Type and domain errors are the contract.
        } catch (RuntimeException | StackOverflowError e) {
          failures.add(name + java.util.Arrays.toString(args) + " -> " + e);
        }
      }
    }
    assertThat(failures).isEmpty();
  }
}
