package dev.claviger.attestation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.attestation.internal.RestRequests;
import dev.claviger.core.Json;
import dev.claviger.core.MalformedInputException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone Attestation Service REST API, in upstream restful-as's shapes:
 * {@code POST /attestation} (answers the raw JWT), {@code POST /policy}, {@code GET /policy},
 * {@code GET /policy/{id}}, {@code GET /.well-known/jwks.json},
 * {@code GET /.well-known/openid-configuration}, {@code POST /challenge}, {@code GET /healthz}.
 *
 * <p>Errors are {@code application/problem+json} with a stable {@code type}: 400 malformed input
 * or invalid policy, 401 rejected evidence, 404 unknown policy, 413 body too large, 500 our
 * failure. Upstream answers every error with 500 and a plain-text error chain.
 */
public final class AttestationRestApi {
  /** Default body limit, as upstream KBS's {@code payload_request_size} (2 MiB). */
  public static final int DEFAULT_MAX_BODY_BYTES = 2 << 20;
  static final String PROBLEM_PREFIX = "https://claviger.dev/problems/attestation/";
  private static final Logger LOG = LoggerFactory.getLogger(AttestationRestApi.class);

  private AttestationRestApi() {}

  /** A Javalin app (virtual threads, body limit) serving the API; call {@code start} on it. */
  public static Javalin create(AttestationService as, int maxBodyBytes) {
    Javalin app = Javalin.create(config -> {
      config.useVirtualThreads = true;
      config.http.maxRequestSize = maxBodyBytes;
      config.showJavalinBanner = false;
    });
    register(app, as, maxBodyBytes);
    return app;
  }

  /** Registers the routes on an existing app with {@link #DEFAULT_MAX_BODY_BYTES}. */
  public static void register(Javalin app, AttestationService as) {
    register(app, as, DEFAULT_MAX_BODY_BYTES);
  }

  public static void register(Javalin app, AttestationService as, int maxBodyBytes) {
    app.post("/attestation", guarded(ctx -> attestation(ctx, as, maxBodyBytes)));
    app.post("/policy", guarded(ctx -> setPolicy(ctx, as, maxBodyBytes)));
    app.get("/policy", guarded(ctx -> listPolicies(ctx, as)));
    app.get("/policy/{id}", guarded(ctx -> getPolicy(ctx, as)));
    app.get("/.well-known/jwks.json", guarded(ctx -> json(ctx, 200, as.jwks())));
    app.get("/.well-known/openid-configuration", guarded(ctx -> discovery(ctx, as)));
    app.post("/challenge", guarded(ctx -> challenge(ctx, maxBodyBytes)));
    app.get("/healthz", ctx -> ctx.result("ok"));
  }

  private static void attestation(Context ctx, AttestationService as, int max) throws Exception {
    RestRequests.Attestation req = RestRequests.attestation(body(ctx, max));
    EarToken token = as.evaluate(req.requests(), req.policyId());
    ctx.contentType("text/plain").result(token.jwt());
  }

  /**
   * Upstream answers an empty challenge for every TEE but IBM SE, whose challenge needs the SE
   * verifier's host-key material; without that verifier SE is refused.
   */
  private static void challenge(Context ctx, int max) throws Exception {
    dev.claviger.evidence.Tee tee = RestRequests.challengeTee(body(ctx, max));
    if (tee == dev.claviger.evidence.Tee.SE) {
      problem(ctx, 400, "UnsupportedTee", "no IBM SE verifier is installed");
      return;
    }
    ctx.contentType("text/plain").result("");
  }

  private static void setPolicy(Context ctx, AttestationService as, int max) throws Exception {
    RestRequests.SetPolicy req = RestRequests.setPolicy(body(ctx, max));
    as.setPolicy(req.policyId(), req.rego());
    ctx.status(200).result("");
  }

  private static void listPolicies(Context ctx, AttestationService as) throws Exception {
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (String id : as.policyIds()) {
      out.addObject().put("policy-id", id);
    }
    json(ctx, 200, out);
  }

  private static void getPolicy(Context ctx, AttestationService as) throws Exception {
    Optional<String> text = as.getPolicy(ctx.pathParam("id"));
    if (text.isEmpty()) {
      problem(ctx, 404, "PolicyNotFound", "no policy with that id");
      return;
    }
    ctx.contentType("text/plain").result(text.get());
  }

  private static void discovery(Context ctx, AttestationService as) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("issuer", as.issuer());
    n.put("jwks_uri", ctx.scheme() + "://" + ctx.host() + "/.well-known/jwks.json");
    n.putArray("id_token_signing_alg_values_supported").add("ES256");
    json(ctx, 200, n);
  }

  /** Rejects by Content-Length before reading, then checks what was read. */
  private static byte[] body(Context ctx, int max) throws MalformedInputException {
    long declared = ctx.contentLength();
    if (declared > max) {
      throw new BodyTooLarge(max);
    }
    byte[] body = ctx.bodyAsBytes();
    if (body.length > max) {
      throw new BodyTooLarge(max);
    }
    return body;
  }

  private static final class BodyTooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BodyTooLarge(int max) {
      super("request body larger than " + max + " bytes", null, false, false);
    }
  }

  /** Every failure becomes a typed problem; nothing escapes as a stack trace. */
  private static Handler guarded(Handler h) {
    return ctx -> {
      try {
        h.handle(ctx);
      } catch (MalformedInputException e) {
        problem(ctx, 400, "MalformedRequest", e.getMessage());
      } catch (InvalidPolicyException e) {
        problem(ctx, 400, "InvalidPolicy", e.getMessage());
      } catch (AttestationRejectedException e) {
        problem(ctx, 401, "EvidenceRejected", e.getMessage());
      } catch (AttestationException e) {
        LOG.warn("attestation service error: {}", e.getMessage());
        problem(ctx, 500, "AttestationServiceError", e.getMessage());
      } catch (BodyTooLarge e) {
        problem(ctx, 413, "PayloadTooLarge", e.getMessage());
      } catch (HttpResponseException e) {
        problem(ctx, e.getStatus(), "HttpError", e.getMessage());
      } catch (Exception e) {
        LOG.error("unexpected error in attestation REST API", e);
        problem(ctx, 500, "InternalError", "internal error");
      }
    };
  }

  private static void json(Context ctx, int status, Object body) {
    ctx.status(status).contentType("application/json").result(Json.write(body));
  }

  private static void problem(Context ctx, int status, String type, String detail) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("type", PROBLEM_PREFIX + type);
    n.put("status", status);
    n.put("detail", detail == null ? "" : detail);
    ctx.status(status).contentType("application/problem+json").result(Json.write(n));
  }
}
