package dev.claviger.kbs.internal.http;

import dev.claviger.kbs.internal.session.SessionCodec;
import dev.claviger.kbs.internal.session.SessionState;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code kbs-session-id} cookie as upstream sets it: name, value, {@code Expires}, and no
 * other attributes (clients such as reqwest's cookie store match on exactly this).
 */
final class SessionCookies {
  static final String NAME = "kbs-session-id";
  private static final DateTimeFormatter EXPIRES =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final SessionCodec codec;
  private final Clock clock;

  SessionCookies(SessionCodec codec, Clock clock) {
    this.codec = codec;
    this.clock = clock;
  }

  Optional<SessionState> read(Context ctx) {
    String value = ctx.cookie(NAME);
    return value == null ? Optional.empty() : codec.open(value, clock.instant());
  }

  boolean present(Context ctx) {
    return ctx.cookie(NAME) != null;
  }

  void write(Context ctx, SessionState state) {
    ctx.header("Set-Cookie", NAME + "=" + codec.seal(state) + "; Expires=" + EXPIRES.format(state.expiresAt()));
  }

  static String expires(Instant at) {
    return EXPIRES.format(at);
  }
}
