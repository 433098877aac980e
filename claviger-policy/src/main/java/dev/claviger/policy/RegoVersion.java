package dev.claviger.policy;

/** Rego language version of a module. A module with {@code import rego.v1} is always v1. */
public enum RegoVersion {
  /** Pre-1.0 syntax: rule bodies without {@code if}; keywords only via {@code future.keywords}. */
  V0,
  /** OPA 1.0 syntax: {@code if} and {@code contains} required, keywords always on. */
  V1
}
