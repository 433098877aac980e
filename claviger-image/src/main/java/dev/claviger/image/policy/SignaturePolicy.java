package dev.claviger.image.policy;

import dev.claviger.core.MalformedInputException;
import dev.claviger.image.sign.internal.DockerName;
import dev.claviger.image.policy.internal.PolicyJson;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A containers-policy.json(5) signature policy: {@code {"default":[...],"transports":{"docker":{
 * "<scope>":[...]}}}}. Parsing is strict like containers/image: unknown members and unknown
 * requirement or identity types are errors, and an empty requirement list is an error (image-rs
 * treats it as "accept"; we follow containers/image). Immutable and thread-safe.
 *
 * <p>Scope lookup for an image in the {@code docker} transport, most specific first: the full
 * reference ({@code host/repo:tag} or {@code host/repo@digest}), the repository, each parent
 * namespace up to the host (with port), {@code *.domain} wildcards of the host, the transport's
 * {@code ""} scope, then {@code default}.
 */
public final class SignaturePolicy {
  /** Largest policy file we read. */
  public static final int MAX_POLICY_BYTES = 1024 * 1024;

  private final List<PolicyRequirement> defaultRequirements;
  private final Map<String, Map<String, List<PolicyRequirement>>> transports;

  private SignaturePolicy(List<PolicyRequirement> defaults,
      Map<String, Map<String, List<PolicyRequirement>>> transports) {
    this.defaultRequirements = List.copyOf(defaults);
    this.transports = Map.copyOf(transports);
  }

  /** Parses policy.json bytes. */
  public static SignaturePolicy parse(byte[] json) throws MalformedInputException {
    Objects.requireNonNull(json, "json");
    if (json.length > MAX_POLICY_BYTES) {
      throw new MalformedInputException(
          "policy is " + json.length + " bytes, limit " + MAX_POLICY_BYTES);
    }
    PolicyJson.Parsed p = PolicyJson.parse(json);
    return new SignaturePolicy(p.defaults(), p.transports());
  }

  /** The {@code default} requirements. */
  public List<PolicyRequirement> defaultRequirements() {
    return defaultRequirements;
  }

  /** Requirements per scope of one transport (empty map when the transport has no section). */
  public Map<String, List<PolicyRequirement>> scopes(String transport) {
    return transports.getOrDefault(transport, Map.of());
  }

  /**
   * The requirements that apply to a docker reference, by the lookup order above.
   *
   * @param reference a docker reference with a tag or a digest, not both (docker.io defaults apply)
   * @throws IllegalArgumentException when the reference is not valid, or has neither or both of
   *     tag and digest
   */
  public Scoped requirementsFor(String reference) {
    DockerName name = DockerName.parse(reference);
    if (name.isNameOnly()) {
      throw new IllegalArgumentException("image reference needs a tag or digest");
    }
    if (name.tag().isPresent() && name.digest().isPresent()) {
      // containers/image refuses these too: the scope would be ambiguous
      throw new IllegalArgumentException("image reference has both a tag and a digest");
    }
    Map<String, List<PolicyRequirement>> docker = scopes("docker");
    String identity = name.policyIdentity();
    if (docker.containsKey(identity)) {
      return new Scoped("docker:" + identity, docker.get(identity));
    }
    for (String ns : name.policyNamespaces()) {
      if (docker.containsKey(ns)) {
        return new Scoped("docker:" + ns, docker.get(ns));
      }
    }
    if (docker.containsKey("")) {
      return new Scoped("docker:\"\"", docker.get(""));
    }
    return new Scoped("default", defaultRequirements);
  }

  /**
   * The requirements chosen for an image and the scope they came from.
   *
   * @param scope {@code default} or {@code docker:<scope>}
   * @param requirements never empty
   */
  public record Scoped(String scope, List<PolicyRequirement> requirements) {
    public Scoped {
      Objects.requireNonNull(scope, "scope");
      requirements = List.copyOf(requirements);
    }
  }
}
