package dev.claviger.policy.internal.rego;

import dev.claviger.policy.Num;
import dev.claviger.policy.PolicyException;
import dev.claviger.policy.Value;
import dev.claviger.policy.internal.rego.Ast.*;
import dev.claviger.policy.internal.rego.Lexer.T;
import dev.claviger.policy.internal.rego.Lexer.Tok;
import java.util.ArrayList;
import java.util.List;

/**
 * Token handling and the expression grammar (precedence: membership, comparison, {@code |},
 * {@code &}, {@code + -}, {@code * / %}, unary minus on literals, terms with references).
 */
abstract class ExprParser {
  /** Guards the Java stack against deeply nested input. */
  static final int MAX_NESTING = 200;

  final String file;
  final List<Tok> toks;
  int p;
  boolean v1;
  boolean kwIn;
  boolean kwEvery;
  boolean kwIf;
  boolean kwContains;
  boolean nlSignificant = true;
  int nesting;

  ExprParser(String file, String src) throws PolicyException {
    this.file = file;
    this.toks = new Lexer(file, src).tokens();
  }

  /** A body literal; comprehension bodies need it. */
  abstract Lit literal() throws PolicyException;


  // --- expressions -------------------------------------------------------------------------

  Term exprWithAssign() throws PolicyException {
    Term lhs = expr();
    if (infixAllowed() && (peek().is(":=") || peek().is("="))) {
      Tok op = next();
      Term rhs = expr();
      return op.is(":=") ? new Assign(lhs, rhs, pos(op)) : new Unify(lhs, rhs, pos(op));
    }
    return lhs;
  }

  Term expr() throws PolicyException {
    return in();
  }

  boolean infixAllowed() {
    return !(nlSignificant && peek().nl());
  }

  Term in() throws PolicyException {
    Term lhs = relation();
    if (kwIn && infixAllowed() && peek().is(",") && nlSignificant && nesting > 0 && lookaheadIn()) {
      p++;
      Term value = relation();
      Tok op = next();
      return new Member(lhs, value, relation(), pos(op));
    }
    while (kwIn && infixAllowed() && peek().is("in")) {
      Tok op = next();
      lhs = new Member(null, lhs, relation(), pos(op));
    }
    return lhs;
  }

  /** Whether {@code , term in} follows (the two-variable membership form at literal level). */
  boolean lookaheadIn() {
    int depth = 0;
    for (int i = p + 1; i < toks.size(); i++) {
      Tok t = toks.get(i);
      if (t.type() == T.EOF || (depth == 0 && t.nl() && i > p + 1)) {
        return false;
      }
      if (t.is("(") || t.is("[") || t.is("{")) {
        depth++;
      } else if (t.is(")") || t.is("]") || t.is("}")) {
        if (--depth < 0) {
          return false;
        }
      } else if (depth == 0 && t.is("in")) {
        return true;
      } else if (depth == 0 && (t.is(",") || t.is(";") || t.is(":=") || t.is("="))) {
        return false;
      }
    }
    return false;
  }

  Term relation() throws PolicyException {
    Term lhs = or();
    while (infixAllowed()) {
      Op op = switch (peek().text()) {
        case "==" -> Op.EQ;
        case "!=" -> Op.NE;
        case "<" -> Op.LT;
        case "<=" -> Op.LE;
        case ">" -> Op.GT;
        case ">=" -> Op.GE;
        default -> null;
      };
      if (op == null || peek().type() != T.PUNCT) {
        break;
      }
      Tok t = next();
      lhs = new Bin(op, lhs, or(), pos(t));
    }
    return lhs;
  }

  boolean stopAtBar;

  Term or() throws PolicyException {
    Term lhs = and();
    while (!stopAtBar && infixAllowed() && peek().is("|")) {
      Tok t = next();
      lhs = new Bin(Op.OR, lhs, and(), pos(t));
    }
    return lhs;
  }

  Term and() throws PolicyException {
    Term lhs = arith();
    while (infixAllowed() && peek().is("&")) {
      Tok t = next();
      lhs = new Bin(Op.AND, lhs, arith(), pos(t));
    }
    return lhs;
  }

  Term arith() throws PolicyException {
    Term lhs = factor();
    while (infixAllowed() && (peek().is("+") || peek().is("-"))) {
      Tok t = next();
      lhs = new Bin(t.is("+") ? Op.ADD : Op.SUB, lhs, factor(), pos(t));
    }
    return lhs;
  }

  Term factor() throws PolicyException {
    Term lhs = unary();
    while (infixAllowed() && (peek().is("*") || peek().is("/") || peek().is("%"))) {
      Tok t = next();
      Op op = t.is("*") ? Op.MUL : t.is("/") ? Op.DIV : Op.MOD;
      lhs = new Bin(op, lhs, unary(), pos(t));
    }
    return lhs;
  }

  Term unary() throws PolicyException {
    if (peek().is("-")) {
      Tok t = next();
      if (peek().type() == T.NUMBER) {
        Tok n = next();
        return postfix(new Scalar(number("-" + n.text(), n), pos(t)));
      }
      throw err("unary - can only be used with numeric literals", t);
    }
    return primary();
  }

  Term primary() throws PolicyException {
    if (++nesting > MAX_NESTING) {
      throw err("nesting too deep", peek());
    }
    try {
      return postfix(atom());
    } finally {
      nesting--;
    }
  }

  Term atom() throws PolicyException {
    Tok t = next();
    Pos pos = pos(t);
    switch (t.type()) {
      case NUMBER -> {
        return new Scalar(number(t.text(), t), pos);
      }
      case STRING -> {
        return new Scalar(Value.str(t.text()), pos);
      }
      case IDENT -> {
        return switch (t.text()) {
          case "true" -> new Scalar(Value.TRUE, pos);
          case "false" -> new Scalar(Value.FALSE, pos);
          case "null" -> new Scalar(Value.NULL, pos);
          default -> {
            if (t.text().equals("set") && peek().is("(") && p + 1 < toks.size() && toks.get(p + 1).is(")")) {
              p += 2;
              yield new SetLit(new Term[0], pos);
            }
            yield new Var(t.text(), pos);
          }
        };
      }
      case PUNCT -> {
        if (t.is("(")) {
          int saved = enterNested();
          Term e = exprWithAssignInParens();
          exitNested(saved);
          expect(")");
          return e;
        }
        if (t.is("[")) {
          return arrayOrCompr(pos);
        }
        if (t.is("{")) {
          return braceTerm(pos);
        }
        throw err("unexpected token '" + t.text() + "'", t);
      }
      default -> throw err("unexpected end of input", t);
    }
  }

  Num number(String text, Tok t) throws PolicyException {
    try {
      return Num.parse(text);
    } catch (NumberFormatException | ArithmeticException e) {
      throw err("number out of range: " + (text.length() > 40 ? text.substring(0, 40) + "..." : text), t);
    }
  }

  Term exprWithAssignInParens() throws PolicyException {
    return expr();
  }

  int enterNested() {
    int saved = (nlSignificant ? 1 : 0) | (stopAtBar ? 2 : 0);
    nlSignificant = false;
    stopAtBar = false;
    return saved;
  }

  void exitNested(int saved) {
    nlSignificant = (saved & 1) != 0;
    stopAtBar = (saved & 2) != 0;
  }

  Term collectionItem() throws PolicyException {
    boolean savedBar = stopAtBar;
    stopAtBar = true;
    try {
      return expr();
    } finally {
      stopAtBar = savedBar;
    }
  }

  Term arrayOrCompr(Pos pos) throws PolicyException {
    int saved = enterNested();
    try {
      List<Term> items = new ArrayList<>();
      if (peek().is("]")) {
        p++;
        return new ArrayLit(new Term[0], pos);
      }
      Term first = collectionItem();
      if (peek().is("|")) {
        p++;
        Body body = comprBody("]");
        return new Compr(ComprKind.ARRAY, null, first, body, pos);
      }
      items.add(first);
      while (peek().is(",")) {
        p++;
        if (peek().is("]")) {
          break;
        }
        items.add(collectionItem());
      }
      expect("]");
      return new ArrayLit(items.toArray(new Term[0]), pos);
    } finally {
      exitNested(saved);
    }
  }

  Term braceTerm(Pos pos) throws PolicyException {
    int saved = enterNested();
    try {
      if (peek().is("}")) {
        p++;
        return new ObjectLit(new Term[0], new Term[0], pos);
      }
      Term first = collectionItem();
      if (peek().is(":")) {
        p++;
        Term v = collectionItem();
        if (peek().is("|")) {
          p++;
          Body body = comprBody("}");
          return new Compr(ComprKind.OBJECT, first, v, body, pos);
        }
        List<Term> keys = new ArrayList<>(List.of(first));
        List<Term> vals = new ArrayList<>(List.of(v));
        while (peek().is(",")) {
          p++;
          if (peek().is("}")) {
            break;
          }
          keys.add(collectionItem());
          expect(":");
          vals.add(collectionItem());
        }
        expect("}");
        return new ObjectLit(keys.toArray(new Term[0]), vals.toArray(new Term[0]), pos);
      }
      if (peek().is("|")) {
        p++;
        Body body = comprBody("}");
        return new Compr(ComprKind.SET, null, first, body, pos);
      }
      List<Term> items = new ArrayList<>(List.of(first));
      while (peek().is(",")) {
        p++;
        if (peek().is("}")) {
          break;
        }
        items.add(collectionItem());
      }
      expect("}");
      return new SetLit(items.toArray(new Term[0]), pos);
    } finally {
      exitNested(saved);
    }
  }

  Body comprBody(String close) throws PolicyException {
    boolean saved = nlSignificant;
    boolean savedBar = stopAtBar;
    nlSignificant = true;
    stopAtBar = false;
    List<Lit> lits = new ArrayList<>();
    while (!peek().is(close)) {
      if (peek().type() == T.EOF) {
        throw err("unexpected end of input in comprehension", peek());
      }
      lits.add(literal());
      if (peek().is(";")) {
        p++;
      } else if (!peek().is(close) && !peek().nl()) {
        throw err("unexpected token '" + peek().text() + "'", peek());
      }
    }
    p++;
    nlSignificant = saved;
    stopAtBar = savedBar;
    if (lits.isEmpty()) {
      throw err("empty comprehension body", toks.get(p - 1));
    }
    return Body.parsed(lits);
  }

  Term postfix(Term t) throws PolicyException {
    List<Term> path = null;
    while (!peek().spaceBefore()) {
      Tok op = peek();
      if (op.is("(")) {
        String name = callName(t, path);
        if (name == null) {
          break;
        }
        p++;
        int saved = enterNested();
        List<Term> args = new ArrayList<>();
        while (!peek().is(")")) {
          args.add(expr());
          if (!peek().is(",")) {
            break;
          }
          p++;
        }
        exitNested(saved);
        expect(")");
        t = new Call(name, args.toArray(new Term[0]), t.pos());
        path = null;
        continue;
      }
      if (!op.is(".") && !op.is("[")) {
        break;
      }
      p++;
      if (path == null) {
        path = new ArrayList<>();
      }
      if (op.is(".")) {
        Tok seg = ident();
        path.add(new Scalar(Value.str(seg.text()), pos(seg)));
      } else {
        int saved = enterNested();
        path.add(expr());
        exitNested(saved);
        expect("]");
      }
    }
    if (path != null) {
      t = flatten(t, path);
    }
    return t;
  }

  static Term flatten(Term t, List<Term> path) {
    return new Ref(t, path.toArray(new Term[0]), t.pos());
  }

  static String callName(Term head, List<Term> path) {
    if (!(head instanceof Var v)) {
      return null;
    }
    StringBuilder sb = new StringBuilder(v.name());
    if (path != null) {
      for (Term s : path) {
        if (!(s instanceof Scalar sc && sc.value() instanceof Value.Str str)) {
          return null;
        }
        sb.append('.').append(str.value());
      }
    }
    return sb.toString();
  }

  Term ref() throws PolicyException {
    return primary();
  }

  // --- tokens ------------------------------------------------------------------------------

  Tok peek() {
    return toks.get(p);
  }

  Tok next() {
    Tok t = toks.get(p);
    if (t.type() != T.EOF) {
      p++;
    }
    return t;
  }

  Tok ident() throws PolicyException {
    Tok t = next();
    if (t.type() != T.IDENT) {
      throw err("expected identifier, found '" + t.text() + "'", t);
    }
    return t;
  }

  void expect(String s) throws PolicyException {
    Tok t = next();
    if (!t.is(s)) {
      throw err("expected '" + s + "', found '" + t.text() + "'", t);
    }
  }

  Pos pos(Tok t) {
    return new Pos(file, t.line(), t.col());
  }

  PolicyException err(String msg, Tok t) {
    return new PolicyException(PolicyException.Kind.PARSE, msg, file, t.line(), t.col());
  }
}
