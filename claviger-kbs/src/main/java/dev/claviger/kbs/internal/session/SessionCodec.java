package dev.claviger.kbs.internal.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.kbs.internal.json.KbsJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals a {@link SessionState} into a cookie value and opens it again: AES-256-GCM under the
 * session key that all replicas share, so the cookie is self-contained and any replica can serve
 * the next request. Single use of the challenge is enforced separately by the nonce store.
 *
 * <p>Wire: base64url-nopad( 0x01 ‖ iv[12] ‖ GCM(json) ‖ tag[16] ), AAD = {@value #AAD}. The
 * value uses only cookie-safe characters; clients treat it as opaque (upstream sends a UUID).
 *
 * <p>Key rotation: the first key seals, every key opens, so a new key can be rolled out to all
 * replicas (listed second), then promoted (listed first), then the old one dropped, without
 * breaking sessions in flight.
 *
 * <p>Thread-safe.
 */
public final class SessionCodec {
  public static final int KEY_BYTES = 32;
  /**
   * Upper bound on a cookie value we try to open. A single-CPU EAR is a few KiB, but a verbose
   * multi-device EAR can exceed 128 KiB (upstream #1563); this matches the token limit plus
   * sealing overhead and stays below the HTTP header limit.
   */
  public static final int MAX_COOKIE_CHARS = 352 * 1024;

  private static final String AAD = "claviger-kbs-session-v1";
  private static final byte VERSION = 1;
  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;

  private final List<SecretKeySpec> keys;
  private final SecureRandom random;

  /** @param keyBytes 32 bytes; copied */
  public SessionCodec(byte[] keyBytes, SecureRandom random) {
    this(List.of(keyBytes), random);
  }

  /** @param keyBytes one or more 32-byte keys, the sealing key first; copied */
  public SessionCodec(List<byte[]> keyBytes, SecureRandom random) {
    if (keyBytes.isEmpty()) {
      throw new IllegalArgumentException("at least one session key is required");
    }
    List<SecretKeySpec> k = new ArrayList<>();
    for (byte[] b : keyBytes) {
      if (b.length != KEY_BYTES) {
        throw new IllegalArgumentException("session keys must be 32 bytes");
      }
      k.add(new SecretKeySpec(b.clone(), "AES"));
    }
    this.keys = List.copyOf(k);
    this.random = Objects.requireNonNull(random, "random");
  }

  public String seal(SessionState state) {
    byte[] plain = KbsJson.write(toJson(state));
    byte[] iv = new byte[IV_BYTES];
    random.nextBytes(iv);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, iv));
      c.updateAAD(AAD.getBytes(StandardCharsets.US_ASCII));
      byte[] ct = c.doFinal(plain);
      ByteBuffer out = ByteBuffer.allocate(1 + IV_BYTES + ct.length);
      out.put(VERSION).put(iv).put(ct);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(out.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM unavailable", e);
    } finally {
      Arrays.fill(plain, (byte) 0);
    }
  }

  /**
   * Opens a cookie value. Empty when it is malformed, forged, sealed under another key, or
   * expired at {@code now}: the caller cannot tell these apart, nor should a client.
   */
  public Optional<SessionState> open(String cookie, Instant now) {
    if (cookie == null || cookie.isEmpty() || cookie.length() > MAX_COOKIE_CHARS) {
      return Optional.empty();
    }
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(cookie);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (raw.length < 1 + IV_BYTES + TAG_BITS / 8 || raw[0] != VERSION) {
      return Optional.empty();
    }
    for (SecretKeySpec key : keys) {
      Optional<byte[]> plain = decrypt(key, raw);
      if (plain.isPresent()) {
        try {
          SessionState state = fromJson(KbsJson.mapper().readTree(plain.get()));
          return state.expiredAt(now) ? Optional.empty() : Optional.of(state);
        } catch (IOException | RuntimeException e) {
          // Authenticated but unreadable means a codec bug or key reuse across versions.
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static Optional<byte[]> decrypt(SecretKeySpec key, byte[] raw) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 1, IV_BYTES));
      c.updateAAD(AAD.getBytes(StandardCharsets.US_ASCII));
      return Optional.of(c.doFinal(raw, 1 + IV_BYTES, raw.length - 1 - IV_BYTES));
    } catch (GeneralSecurityException e) {
      return Optional.empty();
    }
  }

  private static ObjectNode toJson(SessionState s) {
    ObjectNode o = JsonNodeFactory.instance.objectNode();
    o.put("id", s.id()).put("tee", s.tee()).put("exp", s.expiresAt().getEpochSecond());
    switch (s) {
      case SessionState.Challenged c -> o.put("state", "challenged").put("nonce", c.nonce());
      case SessionState.Attested a -> o.put("state", "attested").put("token", a.token());
    }
    return o;
  }

  private static SessionState fromJson(JsonNode o) {
    String id = o.get("id").textValue();
    String tee = o.get("tee").textValue();
    Instant exp = Instant.ofEpochSecond(o.get("exp").longValue());
    return switch (o.get("state").textValue()) {
      case "challenged" -> new SessionState.Challenged(id, tee, o.get("nonce").textValue(), exp);
      case "attested" -> new SessionState.Attested(id, tee, o.get("token").textValue(), exp);
      default -> throw new IllegalArgumentException("unknown session state");
    };
  }
}
