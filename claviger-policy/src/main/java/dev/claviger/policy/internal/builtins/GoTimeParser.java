package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.internal.builtins.GoLayout.Chunk;
import dev.claviger.policy.internal.builtins.GoLayout.Kind;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/** Go's time.Parse over java.time (layouts as in {@link GoLayout}). */
final class GoTimeParser {
  private GoTimeParser() {}

  /** The value does not match the layout. */
  static final class ParseError extends Exception {
    private static final long serialVersionUID = 1L;

    ParseError(String message) {
      super(message, null, false, false);
    }
  }

  /** Mutable parse state. */
  private static final class State {
    final String v;
    int pos;
    int year = 1;
    int month = 1;
    int day = 1;
    int yday = -1;
    int hour;
    int minute;
    int second;
    int nanos;
    int pm = -1;
    ZoneId zone;

    State(String v) {
      this.v = v;
    }
  }

  static ZonedDateTime parse(String layout, String value, ZoneId defaultZone) throws ParseError {
    State s = new State(value);
    List<Chunk> chunks = GoLayout.chunks(GoLayout.resolve(layout));
    for (int i = 0; i < chunks.size(); i++) {
      parseChunk(s, chunks.get(i));
      boolean nextIsFrac = i + 1 < chunks.size() && chunks.get(i + 1).kind().name().startsWith("FRAC");
      if ((chunks.get(i).kind() == Kind.SECOND || chunks.get(i).kind() == Kind.ZERO_SECOND) && !nextIsFrac) {
        optionalFraction(s);
      }
    }
    if (s.pos != value.length()) {
      throw new ParseError("extra text: \"" + value.substring(s.pos) + "\"");
    }
    if (s.pm == 1 && s.hour < 12) {
      s.hour += 12;
    } else if (s.pm == 0 && s.hour == 12) {
      s.hour = 0;
    }
    try {
      LocalDate date = s.yday > 0 ? LocalDate.ofYearDay(s.year, s.yday) : LocalDate.of(s.year, s.month, s.day);
      LocalDateTime ldt = date.atTime(s.hour, s.minute, s.second, s.nanos);
      return ZonedDateTime.of(ldt, s.zone == null ? defaultZone : s.zone);
    } catch (DateTimeException e) {
      throw new ParseError("day out of range");
    }
  }

  private static void optionalFraction(State s) throws ParseError {
    if (s.pos + 1 < s.v.length() && (s.v.charAt(s.pos) == '.' || s.v.charAt(s.pos) == ',')
        && Character.isDigit(s.v.charAt(s.pos + 1))) {
      s.pos++;
      s.nanos = digitsAsNanos(s, Integer.MAX_VALUE);
    }
  }

  private static int digitsAsNanos(State s, int max) throws ParseError {
    int start = s.pos;
    while (s.pos < s.v.length() && s.pos - start < max && Character.isDigit(s.v.charAt(s.pos))) {
      s.pos++;
    }
    String d = s.v.substring(start, s.pos);
    if (d.isEmpty()) {
      throw new ParseError("bad fractional second");
    }
    d = d.length() > 9 ? d.substring(0, 9) : d + "0".repeat(9 - d.length());
    return Integer.parseInt(d);
  }

  private static int num(State s, int min, int max) throws ParseError {
    int start = s.pos;
    while (s.pos < s.v.length() && s.pos - start < max && Character.isDigit(s.v.charAt(s.pos))) {
      s.pos++;
    }
    if (s.pos - start < min) {
      throw new ParseError("cannot parse \"" + s.v.substring(start) + "\"");
    }
    return Integer.parseInt(s.v.substring(start, s.pos));
  }

  private static int range(int v, int lo, int hi, String what) throws ParseError {
    if (v < lo || v > hi) {
      throw new ParseError(what + " out of range");
    }
    return v;
  }

  private static int name(State s, String[] names, boolean abbreviated) throws ParseError {
    for (int i = 0; i < names.length; i++) {
      String n = abbreviated ? names[i].substring(0, 3) : names[i];
      if (s.v.regionMatches(true, s.pos, n, 0, n.length())) {
        s.pos += n.length();
        return i;
      }
    }
    throw new ParseError("cannot parse \"" + s.v.substring(s.pos) + "\"");
  }

  private static void skipSpace(State s) {
    while (s.pos < s.v.length() && s.v.charAt(s.pos) == ' ') {
      s.pos++;
    }
  }

  private static void parseChunk(State s, Chunk c) throws ParseError {
    switch (c.kind()) {
      case LITERAL -> {
        if (!s.v.startsWith(c.text(), s.pos)) {
          throw new ParseError("cannot parse \"" + s.v.substring(s.pos) + "\" as \"" + c.text() + "\"");
        }
        s.pos += c.text().length();
      }
      case LONG_MONTH -> s.month = name(s, GoTime.MONTHS, false) + 1;
      case MONTH -> s.month = name(s, GoTime.MONTHS, true) + 1;
      case NUM_MONTH -> s.month = range(num(s, 1, 2), 1, 12, "month");
      case ZERO_MONTH -> s.month = range(num(s, 2, 2), 1, 12, "month");
      case LONG_WEEKDAY -> name(s, GoTime.DAYS, false);
      case WEEKDAY -> name(s, GoTime.DAYS, true);
      case DAY -> s.day = range(num(s, 1, 2), 1, 31, "day");
      case UNDER_DAY -> {
        skipSpace(s);
        s.day = range(num(s, 1, 2), 1, 31, "day");
      }
      case ZERO_DAY -> s.day = range(num(s, 2, 2), 1, 31, "day");
      case UNDER_YEAR_DAY -> {
        skipSpace(s);
        s.yday = range(num(s, 1, 3), 1, 366, "day-of-year");
      }
      case ZERO_YEAR_DAY -> s.yday = range(num(s, 3, 3), 1, 366, "day-of-year");
      case HOUR -> s.hour = range(num(s, 1, 2), 0, 23, "hour");
      case HOUR12 -> s.hour = range(num(s, 1, 2), 0, 12, "hour");
      case ZERO_HOUR12 -> s.hour = range(num(s, 2, 2), 0, 12, "hour");
      case MINUTE -> s.minute = range(num(s, 1, 2), 0, 59, "minute");
      case ZERO_MINUTE -> s.minute = range(num(s, 2, 2), 0, 59, "minute");
      case SECOND -> s.second = range(num(s, 1, 2), 0, 59, "second");
      case ZERO_SECOND -> s.second = range(num(s, 2, 2), 0, 59, "second");
      case LONG_YEAR -> s.year = num(s, 4, 4);
      case YEAR -> {
        int y = num(s, 2, 2);
        s.year = y >= 69 ? 1900 + y : 2000 + y;
      }
      case PM, LOWER_PM -> {
        String ampm = s.v.length() >= s.pos + 2 ? s.v.substring(s.pos, s.pos + 2).toUpperCase(Locale.ROOT) : "";
        if (!ampm.equals("AM") && !ampm.equals("PM")) {
          throw new ParseError("cannot parse AM/PM");
        }
        s.pm = ampm.equals("PM") ? 1 : 0;
        s.pos += 2;
      }
      case TZ -> zoneName(s);
      case FRAC0 -> {
        if (s.pos >= s.v.length() || s.v.charAt(s.pos) != c.sep()) {
          throw new ParseError("missing fractional second");
        }
        s.pos++;
        s.nanos = digitsAsNanos(s, c.width());
      }
      case FRAC9 -> optionalFraction(s);
      default -> zoneOffset(s, c.kind());
    }
  }

  private static void zoneName(State s) throws ParseError {
    int start = s.pos;
    while (s.pos < s.v.length() && Character.isUpperCase(s.v.charAt(s.pos))) {
      s.pos++;
    }
    String name = s.v.substring(start, s.pos);
    if (name.length() < 3 && !name.equals("Z")) {
      throw new ParseError("cannot parse time zone");
    }
    // Go only knows the abbreviation's offset when it is the local zone; otherwise it is +0.
    s.zone = ZoneOffset.UTC;
  }

  private static void zoneOffset(State s, Kind k) throws ParseError {
    if (k.name().startsWith("ISO") && s.pos < s.v.length() && s.v.charAt(s.pos) == 'Z') {
      s.pos++;
      s.zone = ZoneOffset.UTC;
      return;
    }
    if (s.pos >= s.v.length() || (s.v.charAt(s.pos) != '+' && s.v.charAt(s.pos) != '-')) {
      throw new ParseError("cannot parse time zone offset");
    }
    int sign = s.v.charAt(s.pos++) == '-' ? -1 : 1;
    boolean colon = k.name().contains("COLON");
    int h = num(s, 2, 2);
    int m = 0;
    int sec = 0;
    if (k != Kind.ISO_TZ_SHORT && k != Kind.NUM_TZ_SHORT) {
      if (colon) {
        literal(s, ':');
      }
      m = num(s, 2, 2);
    }
    if (k.name().contains("SECONDS")) {
      if (colon) {
        literal(s, ':');
      }
      sec = num(s, 2, 2);
    }
    try {
      s.zone = ZoneOffset.ofTotalSeconds(sign * (h * 3600 + m * 60 + sec));
    } catch (DateTimeException e) {
      throw new ParseError("time zone offset out of range");
    }
  }

  private static void literal(State s, char ch) throws ParseError {
    if (s.pos >= s.v.length() || s.v.charAt(s.pos) != ch) {
      throw new ParseError("cannot parse time zone offset");
    }
    s.pos++;
  }
}
