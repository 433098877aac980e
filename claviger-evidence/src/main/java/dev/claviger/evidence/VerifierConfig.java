package dev.claviger.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Verifier configuration: per-verifier option blocks (named as upstream's {@code verifier_config}
 * sections, e.g. {@code snp_verifier}, {@code dcap_verifier}) and the opt-in for the insecure
 * sample verifiers. Immutable; the {@code with...} methods return modified copies.
 *
 * <p>The sample verifiers check no signature and prove nothing, so they are disabled unless
 * {@link #allowInsecureSample()} is called. Search for that name to find every place that weakens
 * a deployment.
 */
public final class VerifierConfig {
  private static final VerifierConfig DEFAULTS = new VerifierConfig(false, Map.of());

  private final boolean insecureSampleAllowed;
  private final Map<String, JsonNode> options;

  private VerifierConfig(boolean insecureSampleAllowed, Map<String, JsonNode> options) {
    this.insecureSampleAllowed = insecureSampleAllowed;
    this.options = options;
  }

  /** Every installed hardware verifier enabled with default options; sample verifiers disabled. */
  public static VerifierConfig defaults() {
    return DEFAULTS;
  }

  /** A copy that also enables the {@code sample} and {@code sampledevice} verifiers. */
  public VerifierConfig allowInsecureSample() {
    return new VerifierConfig(true, options);
  }

  /** A copy with the option block {@code section} set (replacing any earlier one). */
  public VerifierConfig withOptions(String section, JsonNode block) {
    Objects.requireNonNull(section, "section");
    Objects.requireNonNull(block, "block");
    TreeMap<String, JsonNode> copy = new TreeMap<>(options);
    copy.put(section, block.deepCopy());
    return new VerifierConfig(insecureSampleAllowed, Collections.unmodifiableMap(copy));
  }

  public boolean insecureSampleAllowed() {
    return insecureSampleAllowed;
  }

  /** A copy of the option block {@code section}, if configured. */
  public Optional<JsonNode> options(String section) {
    JsonNode n = options.get(section);
    return n == null ? Optional.empty() : Optional.of(n.deepCopy());
  }

  /** Whether a verifier for {@code tee}, when installed, may be used. */
  public boolean enables(Tee tee) {
    return switch (tee) {
      case SAMPLE, SAMPLE_DEVICE -> insecureSampleAllowed;
      default -> true;
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof VerifierConfig other
        && insecureSampleAllowed == other.insecureSampleAllowed && options.equals(other.options);
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(insecureSampleAllowed) * 31 + options.hashCode();
  }

  @Override
  public String toString() {
    return "VerifierConfig[insecureSampleAllowed=" + insecureSampleAllowed + ", sections="
        + options.keySet() + "]";
  }
}
