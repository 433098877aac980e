package dev.claviger.policy.internal.builtins;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Splits a Go reference-time layout ("2006-01-02T15:04:05Z07:00") into literal and field chunks. */
final class GoLayout {
  /** Field kinds; FRAC0/FRAC9 carry their digit count in {@link Chunk#width}. */
  enum Kind {
    LITERAL, LONG_MONTH, MONTH, NUM_MONTH, ZERO_MONTH, LONG_WEEKDAY, WEEKDAY, DAY, UNDER_DAY, ZERO_DAY,
    UNDER_YEAR_DAY, ZERO_YEAR_DAY, HOUR, HOUR12, ZERO_HOUR12, MINUTE, ZERO_MINUTE, SECOND, ZERO_SECOND,
    LONG_YEAR, YEAR, PM, LOWER_PM, TZ, ISO_TZ_SECONDS, ISO_TZ_COLON_SECONDS, ISO_TZ, ISO_TZ_SHORT,
    ISO_TZ_COLON, NUM_TZ_SECONDS, NUM_TZ_COLON_SECONDS, NUM_TZ, NUM_TZ_SHORT, NUM_TZ_COLON, FRAC0, FRAC9
  }

  /** One chunk: a literal text or a field; {@code sep} is the fraction separator ('.' or ','). */
  record Chunk(Kind kind, String text, int width, char sep) {}

  static final Map<String, String> NAMED = Map.ofEntries(
      Map.entry("ANSIC", "Mon Jan _2 15:04:05 2006"),
      Map.entry("UnixDate", "Mon Jan _2 15:04:05 MST 2006"),
      Map.entry("RubyDate", "Mon Jan 02 15:04:05 -0700 2006"),
      Map.entry("RFC822", "02 Jan 06 15:04 MST"),
      Map.entry("RFC822Z", "02 Jan 06 15:04 -0700"),
      Map.entry("RFC850", "Monday, 02-Jan-06 15:04:05 MST"),
      Map.entry("RFC1123", "Mon, 02 Jan 2006 15:04:05 MST"),
      Map.entry("RFC1123Z", "Mon, 02 Jan 2006 15:04:05 -0700"),
      Map.entry("RFC3339", "2006-01-02T15:04:05Z07:00"),
      Map.entry("RFC3339Nano", "2006-01-02T15:04:05.999999999Z07:00"),
      Map.entry("Kitchen", "3:04PM"),
      Map.entry("Stamp", "Jan _2 15:04:05"),
      Map.entry("StampMilli", "Jan _2 15:04:05.000"),
      Map.entry("StampMicro", "Jan _2 15:04:05.000000"),
      Map.entry("StampNano", "Jan _2 15:04:05.000000000"),
      Map.entry("DateTime", "2006-01-02 15:04:05"),
      Map.entry("DateOnly", "2006-01-02"),
      Map.entry("TimeOnly", "15:04:05"));

  private static final Object[][] PREFIXED = {
      {"January", Kind.LONG_MONTH}, {"Jan", Kind.MONTH}, {"Monday", Kind.LONG_WEEKDAY}, {"Mon", Kind.WEEKDAY},
      {"MST", Kind.TZ}, {"002", Kind.ZERO_YEAR_DAY}, {"01", Kind.ZERO_MONTH}, {"02", Kind.ZERO_DAY},
      {"03", Kind.ZERO_HOUR12}, {"04", Kind.ZERO_MINUTE}, {"05", Kind.ZERO_SECOND}, {"06", Kind.YEAR},
      {"15", Kind.HOUR}, {"1", Kind.NUM_MONTH}, {"2006", Kind.LONG_YEAR}, {"2", Kind.DAY},
      {"__2", Kind.UNDER_YEAR_DAY}, {"_2", Kind.UNDER_DAY}, {"3", Kind.HOUR12}, {"4", Kind.MINUTE},
      {"5", Kind.SECOND}, {"PM", Kind.PM}, {"pm", Kind.LOWER_PM},
      {"-07:00:00", Kind.NUM_TZ_COLON_SECONDS}, {"-070000", Kind.NUM_TZ_SECONDS}, {"-07:00", Kind.NUM_TZ_COLON},
      {"-0700", Kind.NUM_TZ}, {"-07", Kind.NUM_TZ_SHORT},
      {"Z07:00:00", Kind.ISO_TZ_COLON_SECONDS}, {"Z070000", Kind.ISO_TZ_SECONDS}, {"Z07:00", Kind.ISO_TZ_COLON},
      {"Z0700", Kind.ISO_TZ}, {"Z07", Kind.ISO_TZ_SHORT},
  };

  private GoLayout() {}

  static String resolve(String layout) {
    return NAMED.getOrDefault(layout, layout);
  }

  static List<Chunk> chunks(String layout) {
    List<Chunk> out = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    int i = 0;
    while (i < layout.length()) {
      Chunk c = field(layout, i);
      if (c == null) {
        lit.append(layout.charAt(i++));
        continue;
      }
      if (!lit.isEmpty()) {
        out.add(new Chunk(Kind.LITERAL, lit.toString(), 0, ' '));
        lit.setLength(0);
      }
      out.add(c);
      i += c.text().length();
    }
    if (!lit.isEmpty()) {
      out.add(new Chunk(Kind.LITERAL, lit.toString(), 0, ' '));
    }
    return out;
  }

  private static Chunk field(String layout, int i) {
    char c = layout.charAt(i);
    if ((c == '.' || c == ',') && i + 1 < layout.length() && (layout.charAt(i + 1) == '0' || layout.charAt(i + 1) == '9')) {
      char d = layout.charAt(i + 1);
      int j = i + 1;
      while (j < layout.length() && layout.charAt(j) == d) {
        j++;
      }
      if (j >= layout.length() || !Character.isDigit(layout.charAt(j))) {
        return new Chunk(d == '0' ? Kind.FRAC0 : Kind.FRAC9, layout.substring(i, j), j - i - 1, c);
      }
      return null;
    }
    for (Object[] p : PREFIXED) {
      String token = (String) p[0];
      if (layout.startsWith(token, i) && accept(layout, i, token)) {
        return new Chunk((Kind) p[1], token, 0, ' ');
      }
    }
    return null;
  }

  /** Go refuses some prefixes in context: "Jan"/"Mon" before a lower-case letter, "_2006". */
  private static boolean accept(String layout, int i, String token) {
    int end = i + token.length();
    boolean lowerNext = end < layout.length() && Character.isLowerCase(layout.charAt(end));
    if ((token.equals("Jan") || token.equals("Mon")) && lowerNext) {
      return false;
    }
    return !token.equals("_2") || !layout.startsWith("_2006", i);
  }
}
