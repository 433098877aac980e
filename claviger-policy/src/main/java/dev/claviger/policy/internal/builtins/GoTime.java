package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.internal.builtins.GoLayout.Chunk;
import dev.claviger.policy.internal.builtins.GoLayout.Kind;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.Locale;

/** Go's time.Format over java.time (parsing is in {@link GoTimeParser}). */
final class GoTime {
  static final String[] MONTHS = {"January", "February", "March", "April", "May", "June", "July",
      "August", "September", "October", "November", "December"};
  static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

  private GoTime() {}

  static String format(ZonedDateTime t, String layout) {
    StringBuilder sb = new StringBuilder();
    for (Chunk c : GoLayout.chunks(GoLayout.resolve(layout))) {
      formatChunk(sb, t, c);
    }
    return sb.toString();
  }

  private static String pad(long v, int width) {
    String s = Long.toString(Math.abs(v));
    return (v < 0 ? "-" : "") + "0".repeat(Math.max(0, width - s.length())) + s;
  }

  private static void formatChunk(StringBuilder sb, ZonedDateTime t, Chunk c) {
    int h12 = t.getHour() % 12 == 0 ? 12 : t.getHour() % 12;
    switch (c.kind()) {
      case LITERAL -> sb.append(c.text());
      case LONG_MONTH -> sb.append(MONTHS[t.getMonthValue() - 1]);
      case MONTH -> sb.append(MONTHS[t.getMonthValue() - 1], 0, 3);
      case NUM_MONTH -> sb.append(t.getMonthValue());
      case ZERO_MONTH -> sb.append(pad(t.getMonthValue(), 2));
      case LONG_WEEKDAY -> sb.append(DAYS[t.getDayOfWeek().getValue() - 1]);
      case WEEKDAY -> sb.append(DAYS[t.getDayOfWeek().getValue() - 1], 0, 3);
      case DAY -> sb.append(t.getDayOfMonth());
      case UNDER_DAY -> sb.append(t.getDayOfMonth() < 10 ? " " : "").append(t.getDayOfMonth());
      case ZERO_DAY -> sb.append(pad(t.getDayOfMonth(), 2));
      case UNDER_YEAR_DAY -> sb.append(String.format("%3d", t.getDayOfYear()));
      case ZERO_YEAR_DAY -> sb.append(pad(t.getDayOfYear(), 3));
      case HOUR -> sb.append(pad(t.getHour(), 2));
      case HOUR12 -> sb.append(h12);
      case ZERO_HOUR12 -> sb.append(pad(h12, 2));
      case MINUTE -> sb.append(t.getMinute());
      case ZERO_MINUTE -> sb.append(pad(t.getMinute(), 2));
      case SECOND -> sb.append(t.getSecond());
      case ZERO_SECOND -> sb.append(pad(t.getSecond(), 2));
      case LONG_YEAR -> sb.append(pad(t.getYear(), 4));
      case YEAR -> sb.append(pad(Math.floorMod(t.getYear(), 100), 2));
      case PM -> sb.append(t.getHour() >= 12 ? "PM" : "AM");
      case LOWER_PM -> sb.append(t.getHour() >= 12 ? "pm" : "am");
      case TZ -> sb.append(abbreviation(t));
      case FRAC0, FRAC9 -> fraction(sb, t.getNano(), c);
      default -> offset(sb, t.getOffset().getTotalSeconds(), c.kind());
    }
  }

  private static String abbreviation(ZonedDateTime t) {
    if (t.getOffset().getTotalSeconds() == 0 && (t.getZone() instanceof ZoneOffset || t.getZone().getId().equals("UTC"))) {
      return "UTC";
    }
    String name = t.getZone().getDisplayName(TextStyle.SHORT, Locale.ROOT);
    if (name.matches("[A-Z]{3,5}")) {
      return name;
    }
    StringBuilder sb = new StringBuilder();
    offset(sb, t.getOffset().getTotalSeconds(), Kind.NUM_TZ);
    return sb.toString();
  }

  private static void fraction(StringBuilder sb, int nanos, Chunk c) {
    String digits = pad(nanos, 9).substring(0, Math.min(9, c.width()));
    if (c.kind() == Kind.FRAC9) {
      digits = digits.replaceAll("0+$", "");
      if (digits.isEmpty()) {
        return;
      }
    }
    sb.append(c.sep()).append(digits);
  }

  private static void offset(StringBuilder sb, int secs, Kind k) {
    boolean iso = k.name().startsWith("ISO");
    if (iso && secs == 0) {
      sb.append('Z');
      return;
    }
    int abs = Math.abs(secs);
    sb.append(secs < 0 ? '-' : '+').append(pad(abs / 3600, 2));
    boolean colon = k.name().contains("COLON");
    boolean seconds = k.name().contains("SECONDS");
    if (k != Kind.ISO_TZ_SHORT && k != Kind.NUM_TZ_SHORT) {
      sb.append(colon ? ":" : "").append(pad(abs / 60 % 60, 2));
    }
    if (seconds) {
      sb.append(colon ? ":" : "").append(pad(abs % 60, 2));
    }
  }
}
