package dev.claviger.policy.internal.rego;

import dev.claviger.policy.PolicyException;
import java.util.ArrayList;
import java.util.List;

/** Splits Rego source into tokens. Bounded: the source length is checked by the caller. */
final class Lexer {
  enum T { IDENT, NUMBER, STRING, PUNCT, EOF }

  /** One token; {@code nl} is true when a newline separates it from the previous token. */
  record Tok(T type, String text, int line, int col, boolean nl, boolean spaceBefore) {
    boolean is(String s) {
      return (type == T.PUNCT || type == T.IDENT) && text.equals(s);
    }
  }

  private static final String[] PUNCTS = {
    ":=", "==", "!=", "<=", ">=", "{", "}", "[", "]", "(", ")", ".", ",", ";", ":", "=", "<", ">",
    "+", "-", "*", "/", "%", "&", "|"
  };

  private final String file;
  private final String src;
  private int pos;
  private int line = 1;
  private int col = 1;

  Lexer(String file, String src) {
    this.file = file;
    this.src = src;
  }

  List<Tok> tokens() throws PolicyException {
    List<Tok> out = new ArrayList<>();
    while (true) {
      boolean nl = false;
      boolean space = false;
      while (pos < src.length()) {
        char c = src.charAt(pos);
        if (c == '\n') {
          nl = true;
          space = true;
          advance();
        } else if (c == ' ' || c == '\t' || c == '\r') {
          space = true;
          advance();
        } else if (c == '#') {
          while (pos < src.length() && src.charAt(pos) != '\n') {
            advance();
          }
        } else {
          break;
        }
      }
      if (pos >= src.length()) {
        out.add(new Tok(T.EOF, "<EOF>", line, col, true, true));
        return out;
      }
      out.add(next(nl, space));
    }
  }

  private void advance() {
    if (src.charAt(pos) == '\n') {
      line++;
      col = 1;
    } else {
      col++;
    }
    pos++;
  }

  private Tok next(boolean nl, boolean space) throws PolicyException {
    int l = line;
    int c = col;
    char ch = src.charAt(pos);
    if (Character.isLetter(ch) || ch == '_') {
      int start = pos;
      while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
        advance();
      }
      return new Tok(T.IDENT, src.substring(start, pos), l, c, nl, space);
    }
    if (Character.isDigit(ch) || (ch == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
      return number(l, c, nl, space);
    }
    if (ch == '"') {
      return new Tok(T.STRING, string(l, c), l, c, nl, space);
    }
    if (ch == '`') {
      advance();
      int start = pos;
      while (pos < src.length() && src.charAt(pos) != '`') {
        advance();
      }
      if (pos >= src.length()) {
        throw err("unterminated raw string", l, c);
      }
      String s = src.substring(start, pos);
      advance();
      return new Tok(T.STRING, s, l, c, nl, space);
    }
    for (String p : PUNCTS) {
      if (src.startsWith(p, pos)) {
        for (int i = 0; i < p.length(); i++) {
          advance();
        }
        return new Tok(T.PUNCT, p, l, c, nl, space);
      }
    }
    throw err("unexpected character '" + ch + "'", l, c);
  }

  private Tok number(int l, int c, boolean nl, boolean space) throws PolicyException {
    int start = pos;
    while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
      advance();
    }
    if (pos < src.length() && src.charAt(pos) == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1))) {
      advance();
      while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        advance();
      }
    }
    if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
      int save = pos;
      advance();
      if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
        advance();
      }
      if (pos >= src.length() || !Character.isDigit(src.charAt(pos))) {
        throw err("invalid number exponent", l, c);
      }
      while (pos < src.length() && Character.isDigit(src.charAt(pos))) {
        advance();
      }
      assert save < pos;
    }
    if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
      throw err("invalid number literal", l, c);
    }
    return new Tok(T.NUMBER, src.substring(start, pos), l, c, nl, space);
  }

  private String string(int l, int c) throws PolicyException {
    advance();
    StringBuilder sb = new StringBuilder();
    while (true) {
      if (pos >= src.length() || src.charAt(pos) == '\n') {
        throw err("unterminated string", l, c);
      }
      char ch = src.charAt(pos);
      advance();
      if (ch == '"') {
        return sb.toString();
      }
      if (ch != '\\') {
        sb.append(ch);
        continue;
      }
      if (pos >= src.length()) {
        throw err("unterminated string", l, c);
      }
      char e = src.charAt(pos);
      advance();
      switch (e) {
        case '"' -> sb.append('"');
        case '\\' -> sb.append('\\');
        case '/' -> sb.append('/');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case 'n' -> sb.append('\n');
        case 'r' -> sb.append('\r');
        case 't' -> sb.append('\t');
        case 'u' -> {
          if (pos + 4 > src.length()) {
            throw err("invalid unicode escape", line, col);
          }
          try {
            sb.append((char) Integer.parseInt(src.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw err("invalid unicode escape", line, col);
          }
          for (int i = 0; i < 4; i++) {
            advance();
          }
        }
        default -> throw err("invalid escape sequence \\" + e, line, col);
      }
    }
  }

  private PolicyException err(String msg, int l, int c) {
    return new PolicyException(PolicyException.Kind.PARSE, msg, file, l, c);
  }
}
