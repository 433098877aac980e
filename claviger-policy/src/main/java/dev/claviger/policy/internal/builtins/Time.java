package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;

/** time.* builtins. Timestamps are int64 nanoseconds since the Unix epoch. */
final class Time {
  private static final BigInteger NANOS = BigInteger.valueOf(1_000_000_000L);
  private static final String[] DAYS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

  private Time() {}

  static void register(Registry r) {
    r.add("time.now_ns", 0, (a, c) -> Num.of(c.nowNanos()));
    r.add("time.parse_ns", 2, (a, c) -> parse("time.parse_ns", Args.str("time.parse_ns", a, 0), Args.str("time.parse_ns", a, 1)));
    r.add("time.parse_rfc3339_ns", 1, (a, c) -> parse("time.parse_rfc3339_ns", "RFC3339", Args.str("time.parse_rfc3339_ns", a, 0)));
    r.add("time.parse_duration_ns", 1, (a, c) -> Num.of(GoDuration.parse(Args.str("time.parse_duration_ns", a, 0))));
    r.add("time.format", 1, (a, c) -> format(a[0]));
    r.add("time.date", 1, (a, c) -> {
      ZonedDateTime t = time("time.date", a[0]);
      return Value.array(Num.of(t.getYear()), Num.of(t.getMonthValue()), Num.of(t.getDayOfMonth()));
    });
    r.add("time.clock", 1, (a, c) -> {
      ZonedDateTime t = time("time.clock", a[0]);
      return Value.array(Num.of(t.getHour()), Num.of(t.getMinute()), Num.of(t.getSecond()));
    });
    r.add("time.weekday", 1, (a, c) -> Value.str(DAYS[time("time.weekday", a[0]).getDayOfWeek().getValue() - 1]));
    r.add("time.add_date", 4, (a, c) -> addDate(a));
    r.add("time.diff", 2, (a, c) -> diff(time("time.diff", a[0]), time("time.diff", a[1])));
  }

  static ZonedDateTime ofNanos(BigInteger ns, ZoneId zone) {
    BigInteger[] qr = ns.divideAndRemainder(NANOS);
    long secs = qr[0].longValue();
    long rem = qr[1].longValue();
    if (rem < 0) {
      secs--;
      rem += 1_000_000_000L;
    }
    return Instant.ofEpochSecond(secs, rem).atZone(zone);
  }

  static Num toNanos(String fn, ZonedDateTime t) throws BuiltinError {
    BigInteger ns = BigInteger.valueOf(t.toEpochSecond()).multiply(NANOS).add(BigInteger.valueOf(t.getNano()));
    if (ns.bitLength() > 63) {
      throw new BuiltinError("`" + fn + "`: time outside of valid range");
    }
    return Num.of(ns);
  }

  static ZoneId zone(String fn, String tz) throws BuiltinError {
    if (tz.isEmpty() || tz.equals("UTC")) {
      return ZoneOffset.UTC;
    }
    try {
      return tz.equals("Local") ? ZoneId.systemDefault() : ZoneId.of(tz);
    } catch (DateTimeException e) {
      throw new BuiltinError("`" + fn + "`: unknown time zone " + tz);
    }
  }

  private static BigInteger nanos(String fn, Num n) throws BuiltinError {
    if (!n.isLong()) {
      throw new BuiltinError("`" + fn + "`: could not convert numeric value of `ns` to int64");
    }
    return BigInteger.valueOf(n.longValue());
  }

  /** A number, [number], or [number, tz, ...] (time.format reads a layout as the third element). */
  static ZonedDateTime time(String fn, Value v) throws BuiltinError {
    if (v instanceof Num n) {
      return at(fn, nanos(fn, n), ZoneOffset.UTC);
    }
    if (v instanceof Value.Arr arr && arr.size() >= 1 && arr.get(0) instanceof Num n) {
      if (arr.size() == 1) {
        return at(fn, nanos(fn, n), ZoneOffset.UTC);
      }
      if (arr.get(1) instanceof Value.Str tz) {
        return at(fn, nanos(fn, n), zone(fn, tz.value()));
      }
    }
    throw new BuiltinError("`" + fn + "` expects `ns` to be a `number` or `array[number, string]`. Got `" + v + "` instead");
  }

  private static ZonedDateTime at(String fn, BigInteger ns, ZoneId zone) throws BuiltinError {
    if (ns.bitLength() > 63) {
      throw new BuiltinError("`" + fn + "`: timestamp too big");
    }
    return ofNanos(ns, zone);
  }

  private static Value parse(String fn, String layout, String value) throws BuiltinError {
    try {
      return toNanos(fn, GoTimeParser.parse(layout, value, ZoneOffset.UTC));
    } catch (GoTimeParser.ParseError e) {
      throw new BuiltinError("`" + fn + "`: parsing time \"" + value + "\" as \"" + layout + "\": " + e.getMessage());
    }
  }

  private static Value format(Value v) throws BuiltinError {
    ZonedDateTime t = time("time.format", v);
    if (v instanceof Value.Arr arr && arr.size() >= 3) {
      if (!(arr.get(2) instanceof Value.Str layout)) {
        throw new BuiltinError("`time.format` expects 3rd element of `ns` to be a `string`. Got `" + arr.get(2) + "` instead");
      }
      return Value.str(GoTime.format(t, layout.value()));
    }
    return Value.str(rfc3339AutoDigits(t));
  }

  /** RFC 3339 with 0, 3, 6 or 9 fraction digits, as regorus formats by default. */
  static String rfc3339AutoDigits(ZonedDateTime t) {
    int n = t.getNano();
    String layout = n == 0 ? "2006-01-02T15:04:05Z07:00"
        : n % 1_000_000 == 0 ? "2006-01-02T15:04:05.000Z07:00"
        : n % 1000 == 0 ? "2006-01-02T15:04:05.000000Z07:00" : "2006-01-02T15:04:05.000000000Z07:00";
    return GoTime.format(t, layout);
  }

  /**
   * regorus' add_date (chrono): the year moves first (undefined when Feb 29 has no counterpart),
   * then months clamp to the month's last day, then days are added. Go would normalise
   * overflowing days into the next month instead; regorus is the conformance reference.
   */
  private static Value addDate(Value[] a) throws BuiltinError {
    ZonedDateTime t = time("time.add_date", a[0]);
    int years = int32(a, 1);
    int months = int32(a, 2);
    int days = int32(a, 3);
    try {
      LocalDate d = t.toLocalDate();
      int year = Math.addExact(d.getYear(), years);
      if (d.getMonthValue() == 2 && d.getDayOfMonth() == 29 && !java.time.Year.isLeap(year)) {
        return null;
      }
      LocalDate moved = d.withYear(year).plusMonths(months).plusDays(days);
      return toNanos("time.add_date", ZonedDateTime.of(moved, t.toLocalTime(), t.getZone()));
    } catch (ArithmeticException | DateTimeException e) {
      throw new BuiltinError("`time.add_date`: time outside of valid range");
    }
  }

  private static int int32(Value[] a, int i) throws BuiltinError {
    Num n = Args.num("time.add_date", a, i);
    if (!n.isLong() || n.longValue() != (int) n.longValue()) {
      throw new BuiltinError("`time.add_date`: could not convert to int32");
    }
    return (int) n.longValue();
  }

  private static Value diff(ZonedDateTime a, ZonedDateTime b) {
    ZonedDateTime t1 = a;
    ZonedDateTime t2 = b.withZoneSameInstant(a.getZone());
    if (t1.isAfter(t2)) {
      ZonedDateTime x = t1;
      t1 = t2;
      t2 = x;
    }
    long year = t2.getYear() - t1.getYear();
    long month = t2.getMonthValue() - t1.getMonthValue();
    long day = t2.getDayOfMonth() - t1.getDayOfMonth();
    long hour = t2.getHour() - t1.getHour();
    long min = t2.getMinute() - t1.getMinute();
    long sec = t2.getSecond() - t1.getSecond();
    if (sec < 0) {
      sec += 60;
      min--;
    }
    if (min < 0) {
      min += 60;
      hour--;
    }
    if (hour < 0) {
      hour += 24;
      day--;
    }
    if (day < 0) {
      // Days in t1's month: day 32 of that month normalises into the next one.
      LocalDate overflow = LocalDate.of(t1.getYear(), t1.getMonthValue(), 1).plusDays(31);
      day += 32 - overflow.getDayOfMonth();
      month--;
    }
    if (month < 0) {
      month += 12;
      year--;
    }
    return Value.array(List.of(Num.of(year), Num.of(month), Num.of(day), Num.of(hour), Num.of(min), Num.of(sec)));
  }
}
