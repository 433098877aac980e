package dev.claviger.agent.tpm;

import java.util.Objects;

/**
 * TPM2_Create's output: the wrapped private part (only the parent can load it) and the public
 * area, both TPM2B contents, ready for TPM2_Load.
 */
public record CreatedKey(byte[] privateBlob, byte[] publicBlob, TpmPublic publicArea) {
  public CreatedKey {
    privateBlob = privateBlob.clone();
    publicBlob = publicBlob.clone();
    Objects.requireNonNull(publicArea, "publicArea");
  }

  @Override
  public byte[] privateBlob() {
    return privateBlob.clone();
  }

  @Override
  public byte[] publicBlob() {
    return publicBlob.clone();
  }

  @Override
  public String toString() {
    return "CreatedKey[" + publicArea + "]";
  }
}
