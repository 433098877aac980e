package dev.claviger.policy.internal.builtins;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.policy.Value;
import org.junit.jupiter.api.Test;

class TimeTest extends BuiltinTestSupport {
  private static final long T2009 = 1257894000000000000L;

  @Test
  void nowNs_comesFromContext() throws Exception {
    assertThat(call("time.now_ns")).isEqualTo(n(NOW));
  }

  @Test
  void format_defaultLayout_usesAutoFractionDigits() throws Exception {
    assertThat(call("time.format", n(NOW))).isEqualTo(s("2023-12-24T18:58:45.734390Z"));
    assertThat(call("time.format", n(T2009))).isEqualTo(s("2009-11-10T23:00:00Z"));
    assertThat(call("time.format", Value.array(n(NOW), s("UTC")))).isEqualTo(s("2023-12-24T18:58:45.734390Z"));
    assertThat(call("time.format", Value.array(n(T2009), s("")))).isEqualTo(s("2009-11-10T23:00:00Z"));
  }

  @Test
  void format_goLayouts() throws Exception {
    assertThat(call("time.format", Value.array(n(NOW), s("UTC"), s("2006-01-02T15:04:05")))).isEqualTo(s("2023-12-24T18:58:45"));
    assertThat(call("time.format", Value.array(n(T2009), s(""), s("02/01/2006 15:04")))).isEqualTo(s("10/11/2009 23:00"));
    assertThat(call("time.format", Value.array(n(NOW), s("UTC"), s("Mon Jan _2 3:04PM .000 MST 06"))))
        .isEqualTo(s("Sun Dec 24 6:58PM .734 UTC 23"));
    assertThat(call("time.format", Value.array(n(NOW), s("America/New_York"), s("RFC3339")))).isEqualTo(s("2023-12-24T13:58:45-05:00"));
    assertThat(call("time.format", Value.array(n(NOW), s("UTC"), s("RFC3339Nano")))).isEqualTo(s("2023-12-24T18:58:45.73439Z"));
  }

  @Test
  void format_badArguments_areErrors() {
    assertError("time.format", Value.array(n(NOW), s("UTC"), n(42)))
        .hasMessageContaining("`time.format` expects 3rd element of `ns` to be a `string`. Got `42` instead");
    assertError("time.format", Value.array(n(NOW), s("Not/AZone"))).hasMessageContaining("unknown time zone");
  }

  @Test
  void parseNs_layoutsAndRoundTrip() throws Exception {
    assertThat(call("time.parse_ns", s("2006-01-02T15:04:05"), s("2016-05-10T19:06:42"))).isEqualTo(n(1462907202000000000L));
    assertThat(call("time.parse_ns", s("2006-01-02 15:04:05"), s("2015-09-05 23:56:04"))).isEqualTo(n(1441497364000000000L));
    Value text = call("time.format", Value.array(n(NOW), s("UTC"), s("2006-01-02T15:04:05.999999999")));
    assertThat(call("time.parse_ns", s("2006-01-02T15:04:05.999999999"), text)).isEqualTo(n(NOW));
    assertThat(call("time.parse_ns", s("Jan 2 2006 3:04PM -07:00"), s("Feb 3 2020 4:05AM +01:00"))).isEqualTo(n(1580699100000000000L));
    assertThat(call("time.parse_rfc3339_ns", s("2023-12-24T18:58:45.73439Z"))).isEqualTo(n(NOW));
    assertThat(call("time.parse_rfc3339_ns", s("1970-01-01T01:00:00+01:00"))).isEqualTo(n(0));
  }

  @Test
  void parseNs_mismatchOrWrongType_areErrors() {
    assertError("time.parse_ns", s("2006-01-02T15:04:05.999999999"), n(NOW))
        .hasMessageContaining("`time.parse_ns` expects string argument. Got `1703444325734390000` instead");
    assertError("time.parse_ns", s("2006-01-02"), s("2020-13-01")).hasMessageContaining("month out of range");
    assertError("time.parse_ns", s("2006-01-02"), s("2020-02-30")).hasMessageContaining("day out of range");
    assertError("time.parse_ns", s("2006-01-02"), s("2020-01-01x")).hasMessageContaining("extra text");
    assertError("time.parse_rfc3339_ns", s("yesterday")).hasMessageContaining("parsing time");
  }

  @Test
  void parseDuration_goSyntax() throws Exception {
    assertThat(call("time.parse_duration_ns", s("1h"))).isEqualTo(n(3600000000000L));
    assertThat(call("time.parse_duration_ns", s("15ms"))).isEqualTo(n(15000000L));
    assertThat(call("time.parse_duration_ns", s("1h6m13.3s20ms15µs1ns"))).isEqualTo(n(3973320015001L));
    assertThat(call("time.parse_duration_ns", s("1.2h20.2ms15µs56ns"))).isEqualTo(n(4320020215056L));
    assertThat(call("time.parse_duration_ns", s("45.67s123ms"))).isEqualTo(n(45793000000L));
    assertThat(call("time.parse_duration_ns", s("15.000001ms"))).isEqualTo(n(15000001L));
    assertThat(call("time.parse_duration_ns", s("-1.5us"))).isEqualTo(n(-1500L));
    assertThat(call("time.parse_duration_ns", s("0"))).isEqualTo(n(0));
  }

  @Test
  void parseDuration_invalid_isError() {
    assertError("time.parse_duration_ns", n(100)).hasMessageContaining("`time.parse_duration_ns` expects string argument. Got `100` instead");
    for (String bad : new String[] {"", "1", "1x", "h", "1.2.3s", "9999999999h"}) {
      assertError("time.parse_duration_ns", s(bad)).hasMessageContaining("duration");
    }
  }

  @Test
  void weekdayDateClock_withAndWithoutZone() throws Exception {
    assertThat(call("time.weekday", n(NOW))).isEqualTo(s("Sunday"));
    assertThat(call("time.weekday", Value.array(n(T2009), s("")))).isEqualTo(s("Tuesday"));
    assertThat(call("time.date", n(NOW))).isEqualTo(v("[2023,12,24]"));
    assertThat(call("time.clock", Value.array(n(NOW), s("Asia/Tokyo")))).isEqualTo(v("[3,58,45]"));
    assertError("time.weekday", s("1703444325734390000"))
        .hasMessageContaining("`time.weekday` expects `ns` to be a `number` or `array[number, string]`. Got `\"1703444325734390000\"` instead");
  }

  @Test
  void addDate_yearThenClampedMonthsThenDays() throws Exception {
    Value jan31 = call("time.parse_rfc3339_ns", s("2023-01-31T10:00:00Z"));
    assertThat(call("time.format", call("time.add_date", jan31, n(0), n(1), n(0)))).isEqualTo(s("2023-02-28T10:00:00Z"));
    assertThat(call("time.format", call("time.add_date", jan31, n(1), n(-1), n(1)))).isEqualTo(s("2024-01-01T10:00:00Z"));
    assertThat(call("time.format", call("time.add_date", jan31, n(3), n(9), n(12)))).isEqualTo(s("2026-11-12T10:00:00Z"));
    Value leapDay = call("time.parse_rfc3339_ns", s("2024-02-29T00:00:00Z"));
    assertThat(call("time.add_date", leapDay, n(1), n(0), n(0))).isNull();
    assertError("time.add_date", jan31, n(1L << 40), n(0), n(0)).hasMessageContaining("int32");
  }

  @Test
  void nsArgument_singleElementArrayAndNonInteger() throws Exception {
    assertThat(call("time.weekday", Value.array(n(NOW)))).isEqualTo(s("Sunday"));
    assertError("time.weekday", v("1.5")).hasMessageContaining("could not convert numeric value of `ns` to int64");
  }

  @Test
  void diff_orderIndependentYearsToSeconds() throws Exception {
    Value expected = v("[14,1,13,19,58,45]");
    assertThat(call("time.diff", n(NOW), n(T2009))).isEqualTo(expected);
    assertThat(call("time.diff", n(T2009), n(NOW))).isEqualTo(expected);
    assertThat(call("time.diff", Value.array(n(NOW), s("UTC")), Value.array(n(T2009), s("")))).isEqualTo(expected);
    Value feb2 = call("time.parse_ns", s("2006-01-02"), s("2020-02-02"));
    Value mar1 = call("time.parse_ns", s("2006-01-02"), s("2020-03-01"));
    assertThat(call("time.diff", feb2, mar1)).isEqualTo(v("[0,0,28,0,0,0]"));
    assertError("time.diff", s("1703444325734390000"), n(T2009))
        .hasMessageContaining("`time.diff` expects `ns` to be a `number` or `array[number, string]`. Got `\"1703444325734390000\"` instead");
  }
}
