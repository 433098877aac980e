package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.util.ArrayList;
import java.util.regex.Pattern;

/** to_number and the deprecated cast_* family. */
final class Conversions {
  /** JSON number grammar: regorus (and OPA in practice) read to_number strings as JSON numbers. */
  static final Pattern JSON_NUMBER = Pattern.compile("-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?");

  /** Digits beyond this are refused: BigInteger parsing is quadratic. */
  static final int MAX_NUMBER_TEXT = 1000;

  private Conversions() {}

  static void register(Registry r) {
    r.add("to_number", 1, (a, c) -> toNumber(a[0]));
    r.deprecated("cast_array", 1, (a, c) -> switch (a[0]) {
      case Value.Arr v -> v;
      case Value.SetV v -> Value.ownArray(new ArrayList<>(v.items()));
      default -> throw Args.typeError("cast_array", "array/set", a[0]);
    });
    r.deprecated("cast_set", 1, (a, c) -> switch (a[0]) {
      case Value.Arr v -> Value.set(v.items());
      case Value.SetV v -> v;
      default -> throw Args.typeError("cast_set", "array/set", a[0]);
    });
    r.deprecated("cast_string", 1, (a, c) -> Args.s(Args.str("cast_string", a, 0)));
    r.deprecated("cast_boolean", 1, (a, c) -> Value.bool(Args.bool("cast_boolean", a, 0)));
    r.deprecated("cast_null", 1, (a, c) -> {
      if (a[0] instanceof Value.Null) {
        return a[0];
      }
      throw Args.typeError("cast_null", "null", a[0]);
    });
    r.deprecated("cast_object", 1, (a, c) -> Args.obj("cast_object", a, 0));
  }

  static Value toNumber(Value v) throws BuiltinError {
    return switch (v) {
      case Value.Null n -> Num.of(0);
      case Value.Bool b -> Num.of(b.value() ? 1 : 0);
      case Num n -> n;
      case Value.Str s -> parse(s.value());
      default -> throw new BuiltinError("`to_number` expects bool/number/string/null argument.");
    };
  }

  /** A JSON number text; like regorus (a JSON parser) surrounding JSON whitespace is allowed. */
  static Num parse(String raw) throws BuiltinError {
    String text = raw.replaceAll("^[ \\t\\n\\r]+|[ \\t\\n\\r]+$", "");
    if (text.length() > MAX_NUMBER_TEXT || !JSON_NUMBER.matcher(text).matches()) {
      throw new BuiltinError("`to_number`: could not parse string as number");
    }
    try {
      // Num.parse makes integral values exact; bound the magnitude first so "1e999999999" cannot
      // allocate a billion-digit integer. Beyond double range regorus fails too.
      java.math.BigDecimal bd = new java.math.BigDecimal(text);
      if (bd.signum() != 0 && bd.precision() - bd.scale() > 309) {
        throw new BuiltinError("`to_number`: could not parse string as number");
      }
      return Num.parse(text);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new BuiltinError("`to_number`: could not parse string as number");
    }
  }
}
