package dev.claviger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import com.nimbusds.jose.jwk.ECKey;
import dev.claviger.agent.SampleAttester;
import dev.claviger.agent.TeeKeySpec;
import dev.claviger.agent.internal.RcarHandshake;
import dev.claviger.agent.internal.TeeKeyPair;
import dev.claviger.core.CryptoProviders;
import dev.claviger.core.HashAlgorithm;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The guest's CPU share of one RCAR handshake: TEE key generation, the JCS/SHA-384 binding plus
 * sample evidence, and unwrapping a P-256 ECDH-ES+A256KW resource. Subtracting these from
 * {@link HandshakeLoad}'s CPU per handshake leaves the server's share.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AgentBench {
  private final SecureRandom random = new SecureRandom();
  private TeeKeyPair key;
  private ObjectNode jwk;
  private JsonNode response;
  private final SampleAttester attester = new SampleAttester();
  private static final String NONCE = "J8mDJ4Ryl6e2-RK1cfZnXtRbYoG9nUmL5mn_NyZmHQk";

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    CryptoProviders.install();
    key = TeeKeyPair.generate(TeeKeySpec.EC_P256, random);
    jwk = key.publicJwk();
    JWEObject jwe = new JWEObject(new JWEHeader(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM),
        new Payload(new byte[32]));
    jwe.encrypt(new ECDHEncrypter(ECKey.parse(Json.write(jwk)).toECPublicKey()));
    String[] parts = jwe.serialize().split("\\.");
    response = Json.parse("{\"protected\":\"" + parts[0] + "\",\"encrypted_key\":\"" + parts[1] + "\",\"iv\":\""
        + parts[2] + "\",\"ciphertext\":\"" + parts[3] + "\",\"tag\":\"" + parts[4] + "\"}");
  }

  @Benchmark
  public Object generateP256Key() {
    return TeeKeyPair.generate(TeeKeySpec.EC_P256, random);
  }

  @Benchmark
  public Object bindingAndSampleEvidence() throws Exception {
    return attester.evidence(RcarHandshake.reportData(HashAlgorithm.SHA384, NONCE, jwk, ""));
  }

  @Benchmark
  public int decryptP256Resource() throws Exception {
    try (SecretBytes plain = key.decrypt(response)) {
      return plain.length();
    }
  }
}
