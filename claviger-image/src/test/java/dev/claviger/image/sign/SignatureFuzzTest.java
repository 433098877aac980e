package dev.claviger.image.sign;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.claviger.core.MalformedInputException;
import dev.claviger.image.policy.SignaturePolicy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jazzer targets for the signature-side parsers: OpenPGP signed messages, signature payloads,
 * policy.json and registries.d YAML. Each either accepts the input or throws its typed rejection
 * ({@link SignatureException}, {@link MalformedInputException}); anything else is a finding. Plain
 * {@code mvn test} replays the seeds only; {@code bin/fuzz} fuzzes for maxDuration.
 */
class SignatureFuzzTest {
  private static final Clock NOW = Clock.fixed(Instant.parse("2026-11-22T12:00:00Z"), ZoneOffset.UTC);
  private static final GpgKeyring TRUSTED = trusted();

  /** The seed signature's key: both were made by us with gpg (see {@link #resource}). */
  private static GpgKeyring trusted() {
    try {
      return GpgKeyring.parse(resource("fuzz-trusted-key.gpg"));
    } catch (SignatureException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = SignatureFuzzTest.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void seedSignature_verifiesWithSeedKey_soFuzzingReachesThePayloadParser() throws Exception {
    byte[] seed = resource("SignatureFuzzTestInputs/simpleSignature_arbitraryBytes_onlyTypedErrors/"
        + "gpg-made-signature");
    SignedPayload v = SimpleSigning.verify(seed, TRUSTED, NOW);
    assertThat(v.payload().dockerReference()).isEqualTo("registry.test/fuzz/app:v1");
    assertThat(v.signer()).isEqualTo("C7F6DE16924832BE0E5AA90D093D9BC988BE1A5D");
  }

  private interface Parse {
    void run() throws Exception;
  }

  private static void typed(Parse p) {
    try {
      p.run();
    } catch (SignatureException | MalformedInputException expected) {
      // the only permitted failures
    } catch (RuntimeException | Error finding) {
      throw finding;
    } catch (Exception e) {
      throw new AssertionError("untyped checked exception from a parser", e);
    }
  }

  @FuzzTest(maxDuration = "30s")
  void simpleSignature_arbitraryBytes_onlyTypedErrors(byte[] data) {
    typed(() -> SimpleSigning.verify(data, TRUSTED, NOW));
    typed(() -> GpgKeyring.parse(data));
  }

  @FuzzTest(maxDuration = "30s")
  void payload_arbitraryBytes_onlyTypedErrors(byte[] data) {
    typed(() -> SignaturePayload.parse(data, SignaturePayload.Type.SIMPLE_SIGNING));
    typed(() -> SignaturePayload.parse(data, SignaturePayload.Type.COSIGN));
  }

  @FuzzTest(maxDuration = "30s")
  void policyAndRegistries_arbitraryInput_onlyTypedErrors(FuzzedDataProvider in) {
    String reference = in.consumeString(200);
    byte[] doc = in.consumeRemainingAsBytes();
    typed(() -> {
      SignaturePolicy p = SignaturePolicy.parse(doc);
      try {
        p.requirementsFor(reference);
      } catch (IllegalArgumentException invalidReference) {
        // documented for references that do not parse
      }
    });
    typed(() -> RegistriesD.parse(Map.of("fuzz.yaml", doc)));
  }
}
