package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.math.BigDecimal;
import java.util.Set;

/** io.jwt.decode_verify: signature, then exp / nbf / iss / aud against the constraints object. */
final class JwtDecodeVerify {
  private static final String FN = "io.jwt.decode_verify";
  private static final Set<String> CONSTRAINTS = Set.of("cert", "secret", "alg", "iss", "aud", "time");
  private static final Value INVALID = Value.array(Value.FALSE, Value.EMPTY_OBJECT, Value.EMPTY_OBJECT);

  private JwtDecodeVerify() {}

  static Value decodeVerify(Value[] a, BuiltinContext ctx) throws BuiltinError {
    String jwt = Args.str(FN, a, 0);
    Value.Obj c = Args.obj(FN, a, 1);
    for (Value k : c.map().keySet()) {
      if (!(k instanceof Value.Str s) || !CONSTRAINTS.contains(s.value())) {
        throw new BuiltinError("`" + FN + "`: unknown token validation constraint: " + k);
      }
    }
    Value cert = c.get("cert");
    Value secret = c.get("secret");
    if ((cert == null) == (secret == null)) {
      throw new BuiltinError("`" + FN + "`: exactly one of the constraints `cert` and `secret` is required");
    }
    Jwt.Token t;
    try {
      t = Jwt.token(FN, jwt);
    } catch (BuiltinError e) {
      return INVALID;
    }
    if (!(t.header().get("alg") instanceof Value.Str alg)) {
      return INVALID;
    }
    if (c.get("alg") != null && !c.get("alg").equals(alg)) {
      return INVALID;
    }
    if (!signatureValid(alg.value(), t, cert, secret)) {
      return INVALID;
    }
    Value.Obj payload = (Value.Obj) t.payload();
    BigDecimal now = now(c, ctx);
    if (!timesValid(payload, now) || !issuerValid(payload, c.get("iss")) || !audienceValid(payload, c.get("aud"))) {
      return INVALID;
    }
    return Value.array(Value.TRUE, t.header(), payload);
  }

  private static boolean signatureValid(String alg, Jwt.Token t, Value cert, Value secret) throws BuiltinError {
    if (alg.startsWith("HS") && secret instanceof Value.Str s && alg.matches("HS(256|384|512)")) {
      return Jwt.verifyHmac(alg, t, Encoding.utf8(s.value()));
    }
    if (alg.matches("(RS|PS|ES)(256|384|512)|EdDSA") && cert instanceof Value.Str k) {
      return Jwt.verifyPublic(FN, alg, t, k.value());
    }
    return false;
  }

  private static BigDecimal now(Value.Obj c, BuiltinContext ctx) throws BuiltinError {
    Value time = c.get("time");
    if (time == null) {
      return BigDecimal.valueOf(ctx.nowNanos());
    }
    if (!(time instanceof Num n)) {
      throw new BuiltinError("`" + FN + "`: constraint `time` must be a number of nanoseconds");
    }
    return n.decimalValue();
  }

  private static boolean timesValid(Value.Obj p, BigDecimal nowNs) {
    Value exp = p.get("exp");
    Value nbf = p.get("nbf");
    if (exp != null && (!(exp instanceof Num e) || nowNs.compareTo(e.decimalValue().movePointRight(9)) >= 0)) {
      return false;
    }
    return nbf == null || (nbf instanceof Num b && nowNs.compareTo(b.decimalValue().movePointRight(9)) >= 0);
  }

  private static boolean issuerValid(Value.Obj p, Value iss) {
    return iss == null || iss.equals(p.get("iss"));
  }

  private static boolean audienceValid(Value.Obj p, Value aud) {
    Value tokenAud = p.get("aud");
    if (tokenAud == null) {
      return aud == null;
    }
    if (aud == null) {
      return false;
    }
    return switch (tokenAud) {
      case Value.Str s -> s.equals(aud);
      case Value.Arr arr -> arr.items().contains(aud);
      default -> false;
    };
  }
}
