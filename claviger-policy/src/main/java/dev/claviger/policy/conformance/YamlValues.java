package dev.claviger.policy.conformance;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/** Loads case YAML (YAML 1.1 typing, no timestamps) and decodes the suite's value encodings. */
final class YamlValues {
  private YamlValues() {}

  /** Marker for {@code "#undefined"} inside expectations. */
  static final Value UNDEFINED = Value.str("#undefined");

  static Yaml yaml() {
    LoaderOptions opts = new LoaderOptions();
    opts.setCodePointLimit(64 * 1024 * 1024);
    opts.setMaxAliasesForCollections(100);
    Resolver resolver = new Resolver() {
      @Override
      protected void addImplicitResolvers() {
        addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO");
        addImplicitResolver(Tag.INT, INT, "-+0123456789");
        addImplicitResolver(Tag.FLOAT, FLOAT, "-+0123456789.");
        addImplicitResolver(Tag.MERGE, MERGE, "<");
        addImplicitResolver(Tag.NULL, NULL, "~nN\0");
        addImplicitResolver(Tag.NULL, EMPTY, null);
      }
    };
    return new Yaml(new SafeConstructor(opts), new Representer(new org.yaml.snakeyaml.DumperOptions()),
        new org.yaml.snakeyaml.DumperOptions(), opts, resolver);
  }

  /** Converts a loaded YAML object, decoding {@code set!}, {@code object!} and {@code #undefined}. */
  static Value toValue(Object o) {
    return switch (o) {
      case null -> Value.NULL;
      case Boolean b -> Value.bool(b);
      case Integer i -> Num.of(i);
      case Long l -> Num.of(l);
      case BigInteger b -> Num.of(b);
      case Double d -> Num.of(d);
      case Float f -> Num.of(f.doubleValue());
      case BigDecimal d -> Num.parse(d.toString());
      case String s -> s.equals("#undefined") ? UNDEFINED : Value.str(s);
      case List<?> l -> {
        List<Value> items = new ArrayList<>();
        for (Object x : l) {
          items.add(toValue(x));
        }
        yield Value.array(items);
      }
      case Map<?, ?> m -> map(m);
      default -> Value.str(o.toString());
    };
  }

  private static Value map(Map<?, ?> m) {
    if (m.size() == 1 && m.containsKey("set!")) {
      TreeSet<Value> s = new TreeSet<>();
      for (Object x : (List<?>) m.get("set!")) {
        s.add(toValue(x));
      }
      return Value.set(s);
    }
    if (m.size() == 1 && m.containsKey("object!")) {
      TreeMap<Value, Value> out = new TreeMap<>();
      for (Object x : (List<?>) m.get("object!")) {
        Map<?, ?> e = (Map<?, ?>) x;
        out.put(toValue(e.get("key")), toValue(e.get("value")));
      }
      return Value.object(out);
    }
    TreeMap<Value, Value> out = new TreeMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      Object k = e.getKey();
      out.put(k instanceof String s ? Value.str(s) : toValue(k), toValue(e.getValue()));
    }
    return Value.object(out);
  }
}
