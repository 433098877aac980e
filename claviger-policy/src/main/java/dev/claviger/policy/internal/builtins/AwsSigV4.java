package dev.claviger.policy.internal.builtins;

import dev.claviger.policy.Num;
import dev.claviger.policy.Value;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * providers.aws.sign_req: AWS Signature Version 4, header method, single chunk, computed the way
 * OPA does (every request header except authorization, user-agent and x-amzn-trace-id is signed;
 * s3 and glacier get x-amz-content-sha256). Purely local: nothing is sent.
 */
final class AwsSigV4 {
  private static final String FN = "providers.aws.sign_req";
  private static final Set<String> IGNORED = Set.of("authorization", "user-agent", "x-amzn-trace-id");
  private static final List<String> REQUIRED = List.of("aws_access_key", "aws_region", "aws_secret_access_key", "aws_service");
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private AwsSigV4() {}

  static void register(Registry r) {
    r.add(FN, 3, (a, c) -> sign(Args.obj(FN, a, 0), Args.obj(FN, a, 1), Args.num(FN, a, 2)));
  }

  private static String str(Value.Obj o, String key) throws BuiltinError {
    if (!(o.get(key) instanceof Value.Str s)) {
      throw new BuiltinError("`" + FN + "`: missing or invalid value for `" + key + "`");
    }
    return s.value();
  }

  private static Value sign(Value.Obj req, Value.Obj cfg, Num time) throws BuiltinError {
    for (String k : REQUIRED) {
      str(cfg, k);
    }
    if (!time.isLong()) {
      throw new BuiltinError("`" + FN + "`: could not convert time_ns value into a unix timestamp");
    }
    boolean unsignedPayload = false;
    if (cfg.get("disable_payload_signing") != null) {
      if (!(cfg.get("disable_payload_signing") instanceof Value.Bool b)) {
        throw new BuiltinError("`" + FN + "`: invalid value for 'disable_payload_signing' in AWS config");
      }
      unsignedPayload = b.value();
    }
    URI url;
    try {
      url = new URI(str(req, "url"));
    } catch (URISyntaxException e) {
      throw new BuiltinError("`" + FN + "`: invalid url: " + e.getMessage());
    }
    String method = str(req, "method");
    Value headersV = req.get("headers") == null ? Value.EMPTY_OBJECT : req.get("headers");
    if (!(headersV instanceof Value.Obj headers)) {
      throw Args.typeError(FN, "object", headersV);
    }
    Instant at = Instant.ofEpochSecond(0, time.longValue());
    String service = str(cfg, "aws_service");
    String bodyHash = unsignedPayload ? "UNSIGNED-PAYLOAD" : hex(sha256(body(req)));
    TreeMap<String, String> aws = new TreeMap<>();
    String authority = url.getRawAuthority() == null ? "" : url.getRawAuthority();
    aws.put("host", authority.substring(authority.lastIndexOf('@') + 1));
    aws.put("x-amz-date", STAMP.format(at));
    if (service.equals("s3") || service.equals("glacier")) {
      aws.put("x-amz-content-sha256", bodyHash);
    }
    if (cfg.get("aws_session_token") instanceof Value.Str token && !token.value().isEmpty()) {
      aws.put("x-amz-security-token", token.value());
    }
    TreeMap<String, String> signed = new TreeMap<>(aws);
    TreeMap<Value, Value> out = new TreeMap<>();
    for (Map.Entry<Value, Value> e : headers.map().entrySet()) {
      String k = e.getKey() instanceof Value.Str s ? s.value() : "";
      String v = e.getValue() instanceof Value.Str s ? s.value() : "";
      out.put(Value.str(k), Value.str(v));
      if (!IGNORED.contains(k.toLowerCase(Locale.ROOT))) {
        signed.put(k.toLowerCase(Locale.ROOT), v);
      }
    }
    String auth = authorization(method, url, signed, bodyHash, cfg, at);
    out.put(Value.str("Authorization"), Value.str(auth));
    aws.forEach((k, v) -> out.put(Value.str(k), Value.str(v)));
    TreeMap<Value, Value> result = new TreeMap<>(req.map());
    result.put(Value.str("headers"), Value.ownObject(out));
    return Value.ownObject(result);
  }

  private static byte[] body(Value.Obj req) {
    if (req.get("raw_body") != null) {
      return Encoding.utf8(req.get("raw_body") instanceof Value.Str s ? s.value() : "");
    }
    return req.get("body") == null ? new byte[0] : Encoding.utf8(JsonText.compact(req.get("body")));
  }

  private static String authorization(String method, URI url, TreeMap<String, String> signed, String bodyHash,
                                      Value.Obj cfg, Instant at) throws BuiltinError {
    StringBuilder canonical = new StringBuilder()
        .append(method).append('\n')
        .append(url.getRawPath() == null ? "" : url.getRawPath()).append('\n')
        .append(url.getRawQuery() == null ? "" : url.getRawQuery()).append('\n');
    signed.forEach((k, v) -> canonical.append(k).append(':').append(v).append('\n'));
    String headerList = String.join(";", signed.keySet());
    canonical.append('\n').append(headerList).append('\n').append(bodyHash);
    String day = DAY.format(at);
    String scope = day + "/" + str(cfg, "aws_region") + "/" + str(cfg, "aws_service") + "/aws4_request";
    String toSign = "AWS4-HMAC-SHA256\n" + STAMP.format(at) + "\n" + scope + "\n"
        + hex(sha256(canonical.toString().getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + str(cfg, "aws_secret_access_key")).getBytes(StandardCharsets.UTF_8), day);
    key = hmac(key, str(cfg, "aws_region"));
    key = hmac(key, str(cfg, "aws_service"));
    key = hmac(key, "aws4_request");
    String signature = hex(hmac(key, toSign));
    return "AWS4-HMAC-SHA256 Credential=" + str(cfg, "aws_access_key") + "/" + scope
        + ",SignedHeaders=" + headerList + ",Signature=" + signature;
  }

  private static byte[] sha256(byte[] b) throws BuiltinError {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (GeneralSecurityException e) {
      throw new BuiltinError("`" + FN + "`: SHA-256 unavailable");
    }
  }

  private static byte[] hmac(byte[] key, String data) throws BuiltinError {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new BuiltinError("`" + FN + "`: HMAC-SHA256 unavailable");
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
