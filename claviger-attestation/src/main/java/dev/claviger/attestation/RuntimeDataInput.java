package dev.claviger.attestation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/** Runtime data for the report-data binding. */
public sealed interface RuntimeDataInput {

  /** Compared as-is with the evidence's report data (not hashed). */
  record Raw(byte[] bytes) implements RuntimeDataInput {
    public Raw {
      bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /** HASH(JCS(json)) is compared; the JSON becomes {@code runtime_data_claims}. */
  record Structured(JsonNode json) implements RuntimeDataInput {
    public Structured {
      json = Objects.requireNonNull(json, "json").deepCopy();
    }

    @Override
    public JsonNode json() {
      return json.deepCopy();
    }
  }
}
