package dev.claviger.policy.internal.builtins;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** yaml.marshal, yaml.unmarshal, yaml.is_valid (bounded: aliases, nesting and size are capped). */
final class Yaml {
  private static final YAMLMapper MAPPER;

  static {
    YAMLFactory f = YAMLFactory.builder()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .build();
    MAPPER = new YAMLMapper(f);
  }

  private Yaml() {}

  static void register(Registry r) {
    r.add("yaml.marshal", 1, (a, c) -> {
      try {
        return Value.str(MAPPER.writeValueAsString(a[0].toJson()));
      } catch (JsonProcessingException e) {
        throw new BuiltinError("`yaml.marshal`: could not serialize to yaml");
      }
    });
    r.add("yaml.unmarshal", 1, (a, c) -> {
      Value v = parseOrNull(Args.str("yaml.unmarshal", a, 0));
      if (v == null) {
        throw new BuiltinError("`yaml.unmarshal`: could not deserialize yaml.");
      }
      return v;
    });
    r.add("yaml.is_valid", 1, (a, c) -> Value.bool(parseOrNull(Args.str("yaml.is_valid", a, 0)) != null));
  }

  /**
   * Parses with SnakeYAML's safe constructor (Jackson does not resolve aliases). Non-string keys
   * become their text and timestamps RFC 3339 strings, as Go's YAML-to-JSON conversion does.
   */
  static Value parseOrNull(String text) {
    if (text.length() > JsonText.MAX_DOCUMENT_CHARS) {
      return null;
    }
    LoaderOptions opts = new LoaderOptions();
    opts.setMaxAliasesForCollections(50);
    opts.setNestingDepthLimit(512);
    opts.setCodePointLimit(JsonText.MAX_DOCUMENT_CHARS);
    opts.setAllowDuplicateKeys(false);
    try {
      org.yaml.snakeyaml.Yaml yaml = new org.yaml.snakeyaml.Yaml(new SafeConstructor(opts));
      return convert(yaml.load(text), 0);
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static Value convert(Object o, int depth) {
    if (depth > 512) {
      throw new IllegalArgumentException("too deep");
    }
    return switch (o) {
      case null -> Value.NULL;
      case String s -> Value.str(s);
      case Boolean b -> Value.bool(b);
      case Integer i -> Num.of(i);
      case Long l -> Num.of(l);
      case BigInteger b -> Num.of(b);
      case Double d -> Num.of(d);
      case java.util.Date d -> Value.str(X509Values.rfc3339(d.toInstant()));
      case byte[] b -> Value.str(new String(b, java.nio.charset.StandardCharsets.UTF_8));
      case List<?> l -> {
        List<Value> items = new ArrayList<>(l.size());
        for (Object x : l) {
          items.add(convert(x, depth + 1));
        }
        yield Value.ownArray(items);
      }
      case Map<?, ?> m -> {
        TreeMap<Value, Value> out = new TreeMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          out.put(Value.str(String.valueOf(e.getKey())), convert(e.getValue(), depth + 1));
        }
        yield Value.ownObject(out);
      }
      case java.util.Set<?> set -> {
        TreeMap<Value, Value> out = new TreeMap<>();
        for (Object x : set) {
          out.put(Value.str(String.valueOf(x)), Value.NULL);
        }
        yield Value.ownObject(out);
      }
      default -> throw new IllegalArgumentException("unsupported YAML value " + o.getClass());
    };
  }
}
