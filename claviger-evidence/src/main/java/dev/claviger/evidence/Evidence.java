package dev.claviger.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * TEE evidence as the upstream attester emits it: the JSON document for one TEE. Each verifier
 * parses it into its own typed record and rejects what does not fit; this type only pairs the
 * document with the TEE it claims to come from.
 *
 * @param tee the TEE the evidence is for
 * @param json the evidence document (defensively copied)
 */
public record Evidence(Tee tee, JsonNode json) {
  public Evidence {
    Objects.requireNonNull(tee, "tee");
    Objects.requireNonNull(json, "json");
    json = json.deepCopy();
  }

  @Override
  public JsonNode json() {
    return json.deepCopy();
  }

  @Override
  public String toString() {
    return "Evidence[tee=" + tee + "]";
  }
}
