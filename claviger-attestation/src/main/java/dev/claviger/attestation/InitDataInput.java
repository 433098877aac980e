package dev.claviger.attestation;

import java.util.Objects;

/** Init data for the init-data binding. */
public sealed interface InitDataInput {

  /** A digest compared as-is; produces no init-data claims. */
  record Digest(byte[] bytes) implements InitDataInput {
    public Digest {
      bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /** The raw init-data TOML; its {@code [data]} map becomes {@code init_data_claims}. */
  record Toml(String body) implements InitDataInput {
    public Toml {
      Objects.requireNonNull(body, "body");
    }
  }
}
