package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An offline JSON Schema validator (drafts 4 to 2020-12, local {@code $ref} only) for
 * json.verify_schema and json.match_schema. Formats are annotations only. Validation stops at the
 * first error, whose text follows the wording of the Rust jsonschema crate regorus uses.
 */
final class JsonSchema {
  private static final Set<String> TYPES = Set.of("null", "boolean", "object", "array", "number", "string", "integer");
  private static final int MAX_DEPTH = 256;

  /** The schema is malformed. */
  static final class InvalidSchema extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidSchema(String message) {
      super(message, null, false, false);
    }
  }

  private final Value root;

  private JsonSchema(Value root) {
    this.root = root;
  }

  static JsonSchema compile(Value schema) throws InvalidSchema {
    JsonSchema s = new JsonSchema(schema);
    s.check(schema, 0);
    return s;
  }

  private static Value kw(Value.Obj o, String k) {
    return o.get(k);
  }

  /** Structural checks of the schema itself. */
  private void check(Value schema, int depth) throws InvalidSchema {
    if (depth > MAX_DEPTH) {
      throw new InvalidSchema("schema nested too deeply");
    }
    if (schema instanceof Value.Bool) {
      return;
    }
    if (!(schema instanceof Value.Obj o)) {
      throw new InvalidSchema(schema + " is not of types \"boolean\", \"object\"");
    }
    checkKeywords(o);
    checkChildren(o, depth);
  }

  private void checkKeywords(Value.Obj o) throws InvalidSchema {
    Value type = kw(o, "type");
    if (type != null) {
      List<Value> names = type instanceof Value.Arr a ? a.items() : List.of(type);
      for (Value n : names) {
        if (!(n instanceof Value.Str s) || !TYPES.contains(s.value())) {
          throw new InvalidSchema(type + " is not valid under any of the schemas listed in the 'anyOf' keyword");
        }
      }
    }
    for (String k : List.of("minimum", "maximum", "multipleOf", "minLength", "maxLength", "minItems", "maxItems",
        "minProperties", "maxProperties")) {
      if (kw(o, k) != null && !(kw(o, k) instanceof Num)) {
        throw new InvalidSchema(kw(o, k) + " is not of type \"number\"");
      }
    }
    if (kw(o, "required") != null && !(kw(o, "required") instanceof Value.Arr req
        && req.items().stream().allMatch(x -> x instanceof Value.Str))) {
      throw new InvalidSchema(kw(o, "required") + " is not of type \"array\"");
    }
    if (kw(o, "pattern") != null) {
      checkRegex(kw(o, "pattern"));
    }
    if (kw(o, "$ref") instanceof Value.Str ref) {
      resolve(ref.value());
    }
  }

  private void checkChildren(Value.Obj o, int depth) throws InvalidSchema {
    for (Map.Entry<Value, Value> e : o.map().entrySet()) {
      String k = e.getKey() instanceof Value.Str s ? s.value() : "";
      switch (k) {
        case "properties", "patternProperties", "definitions", "$defs", "dependentSchemas" -> {
          if (!(e.getValue() instanceof Value.Obj props)) {
            throw new InvalidSchema(e.getValue() + " is not of type \"object\"");
          }
          for (Map.Entry<Value, Value> p : props.map().entrySet()) {
            if (k.equals("patternProperties")) {
              checkRegex(p.getKey());
            }
            check(p.getValue(), depth + 1);
          }
        }
        case "items", "prefixItems", "allOf", "anyOf", "oneOf" -> {
          if (e.getValue() instanceof Value.Arr arr) {
            for (Value sub : arr.items()) {
              check(sub, depth + 1);
            }
          } else {
            check(e.getValue(), depth + 1);
          }
        }
        case "not", "additionalProperties", "additionalItems", "contains", "propertyNames", "if", "then", "else" ->
            check(e.getValue(), depth + 1);
        default -> { }
      }
    }
  }

  private static void checkRegex(Value p) throws InvalidSchema {
    try {
      if (!(p instanceof Value.Str str)) {
        throw new Re2.SyntaxError("not a string");
      }
      Re2.compile(str.value());
    } catch (Re2.SyntaxError e) {
      throw new InvalidSchema(p + " is not a \"regex\"");
    }
  }

  private Value resolve(String ref) throws InvalidSchema {
    if (!ref.startsWith("#")) {
      throw new InvalidSchema("unresolvable reference " + ref + " (only local references are supported)");
    }
    Value cur = root;
    if (ref.length() > 1) {
      if (!ref.startsWith("#/")) {
        throw new InvalidSchema("unresolvable reference " + ref);
      }
      for (String part : ref.substring(2).split("/", -1)) {
        String key = java.net.URLDecoder.decode(part.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)
            .replace("~1", "/").replace("~0", "~");
        cur = ObjectBuiltins.index(cur, cur instanceof Value.Arr && key.matches("\\d{1,9}") ? Num.of(Long.parseLong(key)) : Value.str(key));
        if (cur == null) {
          throw new InvalidSchema("unresolvable reference " + ref);
        }
      }
    }
    return cur;
  }

  /** Null when valid, else the first error. */
  String validate(Value instance) {
    try {
      return validate(root, instance, 0);
    } catch (InvalidSchema e) {
      return e.getMessage();
    }
  }

  private String validate(Value schema, Value v, int depth) throws InvalidSchema {
    if (depth > MAX_DEPTH) {
      throw new InvalidSchema("schema recursion too deep");
    }
    if (schema instanceof Value.Bool b) {
      return b.value() ? null : "False schema does not allow " + JsonText.compact(v);
    }
    Value.Obj o = (Value.Obj) schema;
    if (kw(o, "$ref") instanceof Value.Str ref) {
      String err = validate(resolve(ref.value()), v, depth + 1);
      if (err != null) {
        return err;
      }
    }
    String err = JsonSchemaKeywords.generic(this, o, v, depth);
    if (err == null) {
      err = JsonSchemaKeywords.typed(this, o, v, depth);
    }
    return err;
  }

  String sub(Value schema, Value v, int depth) throws InvalidSchema {
    return validate(schema, v, depth + 1);
  }

  static boolean isInteger(Value v) {
    return v instanceof Num n && (n.isInteger() || n.decimalValue().stripTrailingZeros().scale() <= 0);
  }

  static boolean hasType(Value v, String type) {
    return switch (type) {
      case "null" -> v instanceof Value.Null;
      case "boolean" -> v instanceof Value.Bool;
      case "object" -> v instanceof Value.Obj;
      case "array" -> v instanceof Value.Arr || v instanceof Value.SetV;
      case "number" -> v instanceof Num;
      case "integer" -> isInteger(v);
      default -> v instanceof Value.Str;
    };
  }

  static Set<Value> distinct(List<Value> items) {
    return new HashSet<>(items);
  }
}
