package dev.claviger.policy.internal.rego;

import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.builtins.BuiltinError;
import dev.claviger.policy.internal.rego.Ast.CallC;
import dev.claviger.policy.internal.rego.Ast.Pos;
import dev.claviger.policy.internal.rego.Ast.Term;
import dev.claviger.policy.internal.rego.Program.Builtin;
import dev.claviger.policy.internal.rego.Program.Callee;
import dev.claviger.policy.internal.rego.Program.Func;
import dev.claviger.policy.internal.rego.Program.Host;
import dev.claviger.policy.internal.rego.Program.Special;
import java.util.Arrays;

/** Dispatch of calls to builtins, host functions, user functions and evaluator builtins. */
final class Calls {
  private Calls() {}

  static Value call(TermEval ev, CallC c, Value[] args) throws PolicyException {
    Callee callee = c.callee();
    if (!ev.ctx.fnOverrides.isEmpty()) {
      Object o = ev.ctx.fnOverrides.get(callee.name());
      if (o instanceof Value v) {
        return v;
      }
      if (o instanceof Callee replacement) {
        if (replacement.arity() >= 0 && replacement.arity() != args.length) {
          throw Ops.err("with replacement for " + callee.name() + " has a different arity", c.pos());
        }
        callee = replacement;
      }
    }
    if (callee instanceof Builtin b) {
      return builtin(ev, b, args, c.pos());
    }
    if (callee instanceof Func fn) {
      return Rules.call(ev, fn.set(), args, c.pos());
    }
    if (callee instanceof Host h) {
      return host(ev, h, args, c.pos());
    }
    return special((Special) callee, args, c.pos());
  }

  private static Value builtin(TermEval ev, Builtin b, Value[] args, Pos pos) throws PolicyException {
    try {
      return b.spec().function().call(args, ev.st);
    } catch (BuiltinError e) {
      if (ev.core.strict()) {
        throw new PolicyException(PolicyException.Kind.BUILTIN, b.name() + ": " + e.getMessage(), pos.file(), pos.line(), pos.col());
      }
      return null;
    } catch (RuntimeException e) {
      // A builtin bug must not escape as an unchecked exception: fail closed with a typed error.
      if (ev.core.strict()) {
        throw new PolicyException(PolicyException.Kind.BUILTIN, b.name() + ": " + e, pos.file(), pos.line(), pos.col());
      }
      return null;
    }
  }

  private static Value host(TermEval ev, Host h, Value[] args, Pos pos) throws PolicyException {
    try {
      return h.fn().apply(Arrays.asList(args));
    } catch (PolicyException e) {
      if (ev.core.strict() || e.kind() == PolicyException.Kind.LIMIT) {
        throw new PolicyException(PolicyException.Kind.BUILTIN, h.name() + ": " + e.getMessage(), pos.file(), pos.line(), pos.col());
      }
      return null;
    } catch (RuntimeException e) {
      throw new PolicyException(PolicyException.Kind.BUILTIN, h.name() + ": " + e, pos.file(), pos.line(), pos.col());
    }
  }

  private static Value special(Special s, Value[] args, Pos pos) throws PolicyException {
    return switch (s.name()) {
      case "trace" -> {
        if (!(args[0] instanceof Value.Str)) {
          throw new PolicyException(PolicyException.Kind.BUILTIN, "trace: operand 1 must be string", pos.file(), pos.line(), pos.col());
        }
        yield Value.TRUE;
      }
      default -> throw new PolicyException(PolicyException.Kind.BUILTIN, s.name() + " is not supported", pos.file(), pos.line(), pos.col());
    };
  }

  /** {@code print}: undefined arguments print as {@code <undefined>}; the call always succeeds. */
  static Value print(TermEval ev, CallC c, Value[] f) throws PolicyException {
    if (ev.st.sink == dev.claviger.policy.PrintSink.DISCARD) {
      // Nobody reads the line: print has no other effect, so skip it entirely.
      return Value.TRUE;
    }
    StringBuilder sb = new StringBuilder();
    sb.append(c.pos().file()).append(':').append(c.pos().line()).append(": ");
    boolean first = true;
    for (Term a : c.args()) {
      if (!first) {
        sb.append(' ');
      }
      first = false;
      Value[] out = {null};
      ev.gen(a, f, v -> {
        out[0] = v;
        return false;
      });
      Value v = out[0];
      sb.append(v == null ? "<undefined>" : v instanceof Value.Str s ? s.value() : v.toString());
    }
    ev.st.sink.print(sb.toString());
    return Value.TRUE;
  }
}
