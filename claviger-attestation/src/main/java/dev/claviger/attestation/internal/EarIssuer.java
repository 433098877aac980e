package dev.claviger.attestation.internal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.attestation.AttestationException;
import dev.claviger.attestation.EarToken;
import dev.claviger.attestation.TokenBrokerConfig;
import dev.claviger.evidence.TeeClass;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles and signs the EAR: {@code eat_profile}, {@code iat}, {@code ear.verifier-id},
 * {@code submods} named {@code <class><n>} in request order, and the {@code exp}/{@code iss}
 * extensions, as upstream's broker lays them out.
 */
final class EarIssuer {
  private final TokenBrokerConfig config;
  private final EarSigner signer;
  private final Clock clock;

  EarIssuer(TokenBrokerConfig config, EarSigner signer, Clock clock) {
    this.config = config;
    this.signer = signer;
    this.clock = clock;
  }

  EarToken issue(List<Submodule> submodules) throws AttestationException {
    if (submodules.isEmpty()) {
      throw new AttestationException("no appraisal to put into the EAR");
    }
    long iat = clock.instant().getEpochSecond();
    long exp = iat + config.durationMin() * 60L;
    ObjectNode claims = JsonNodeFactory.instance.objectNode();
    claims.put("eat_profile", config.profileName());
    claims.put("iat", iat);
    ObjectNode vid = claims.putObject("ear.verifier-id");
    vid.put("developer", config.developerName());
    vid.put("build", config.buildName());
    ObjectNode submods = claims.putObject("submods");
    Map<TeeClass, Integer> next = new EnumMap<>(TeeClass.class);
    for (Submodule s : submodules) {
      int n = next.merge(s.teeClass(), 1, Integer::sum) - 1;
      submods.set(s.teeClass().wireName() + n, s.toJson());
    }
    claims.put("exp", exp);
    claims.put("iss", config.issuerName());
    return new EarToken(signer.sign(claims), Instant.ofEpochSecond(exp));
  }
}
