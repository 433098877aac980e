package dev.claviger.agent.cdh;

import dev.claviger.agent.ResourcePath;
import dev.claviger.agent.cdh.internal.KeyProviderMessages;
import dev.claviger.agent.cdh.internal.SealingKeys;
import dev.claviger.agent.cdh.internal.WrapCiphers;
import dev.claviger.core.SecretBytes;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The confidential data hub (upstream {@code confidential-data-hub}): KBS resources by URI, sealed
 * secrets, and the keyprovider {@code UnWrapKey} the image pipeline uses for CoCo-encrypted layers.
 *
 * <p>Nothing is cached: every call asks the {@link ResourceSource} again, as upstream does, so a
 * revoked or rotated secret is never served from memory. Thread-safe if the source and the
 * registered KMSs are.
 */
public final class ConfidentialDataHub {
  private static final Set<String> KNOWN_UPSTREAM_KMS = Set.of("aliyun", "aws", "ehsm");

  private final ResourceSource kbs;
  private final SealingKeys sealingKeys;
  private final Map<String, EnvelopeKms> kms;
  private final boolean skipSealedSecretVerification;

  private ConfidentialDataHub(Builder b) {
    this.kbs = b.kbs;
    this.sealingKeys = new SealingKeys(b.sealedSecretKeyDir, this::getResource);
    Map<String, EnvelopeKms> all = new LinkedHashMap<>(b.kms);
    all.put(SecretPayload.PROVIDER_KBS, this::kbsKeyUnwrap);
    this.kms = Map.copyOf(all);
    this.skipSealedSecretVerification = b.skipSealedSecretVerification;
  }

  public static Builder builder(ResourceSource kbs) {
    return new Builder(Objects.requireNonNull(kbs, "kbs"));
  }

  /**
   * Fetches a resource by {@code kbs:///repo/type/tag} (or any form {@link ResourcePath#parse}
   * accepts). {@code kbs+<plugin>://} URIs other than {@code kbs+resource} are UNSUPPORTED.
   */
  public SecretBytes getResource(String uri) throws CdhException {
    return kbs.get(resourcePath(uri));
  }

  /** Verifies (unless explicitly skipped) and unseals a {@code sealed.<h>.<p>.<sig>} secret. */
  public SecretBytes unsealSecret(String sealed) throws CdhException {
    Objects.requireNonNull(sealed, "sealed");
    SecretPayload payload;
    if (skipSealedSecretVerification) {
      payload = SealedSecret.parseWithoutVerification(sealed.strip());
    } else {
      SealedSecret secret = SealedSecret.parse(sealed.strip());
      payload = secret.verify(sealingKeys.resolve(secret.kid()));
    }
    return switch (payload) {
      case SecretPayload.Vault v -> unsealVault(v);
      case SecretPayload.Envelope e -> unsealEnvelope(e);
    };
  }

  /**
   * Keyprovider {@code UnWrapKey}: {@code KeyProviderKeyWrapProtocolInput} JSON in, {@code
   * {"keyunwrapresults":{"optsdata":"<b64>"}}} out. {@code op: keywrap} is UNSUPPORTED.
   */
  public byte[] unwrapKey(byte[] keyProviderInputJson) throws CdhException {
    Objects.requireNonNull(keyProviderInputJson, "keyProviderInputJson");
    byte[] annotation = KeyProviderMessages.annotationOf(keyProviderInputJson);
    byte[] optsData = unwrapPacket(AnnotationPacket.parse(annotation));
    try {
      return KeyProviderMessages.unwrapOutput(optsData);
    } finally {
      Arrays.fill(optsData, (byte) 0);
    }
  }

  /**
   * Unwraps one annotation packet into the layer's private options JSON: provider {@code kbs}
   * decrypts with the KEK held at {@code kid}; any other provider goes to the registered {@link
   * EnvelopeKms}. The result holds the layer key: wipe it after use.
   */
  public byte[] unwrapPacket(AnnotationPacket packet) throws CdhException {
    Objects.requireNonNull(packet, "packet");
    if (AnnotationPacket.PROVIDER_KBS.equals(packet.provider())) {
      packet.requireKbsVersion();
      try (SecretBytes kek = getResource(packet.kid())) {
        return packet.unwrap(kek);
      }
    }
    if (!AnnotationPacket.VERSION.equals(packet.version())) {
      throw new CdhException(
          CdhException.Kind.UNSUPPORTED,
          "annotation packet version '" + packet.version() + "' unsupported");
    }
    EnvelopeKms provider = kmsFor(packet.provider());
    try (SecretBytes lek =
        checked(provider.decrypt(packet.wrappedData(), packet.kid(), packet.annotations()))) {
      return lek.toByteArray();
    }
  }

  private SecretBytes unsealVault(SecretPayload.Vault v) throws CdhException {
    if (!SecretPayload.PROVIDER_KBS.equals(v.provider())) {
      throw unsupportedProvider("vault", v.provider());
    }
    return getResource(v.name());
  }

  private SecretBytes unsealEnvelope(SecretPayload.Envelope e) throws CdhException {
    EnvelopeKms provider = kmsFor(e.provider());
    try (SecretBytes dek =
        checked(provider.decrypt(e.encryptedKey(), e.keyId(), e.annotations()))) {
      byte[] plain = WrapCiphers.decrypt(e.wrapType(), dek, e.iv(), e.encryptedData());
      return SecretBytes.wrapOwned(plain);
    }
  }

  /** Built-in {@code kbs} envelope KMS (Claviger extension): AES-256-KW under a KBS-held KEK. */
  private SecretBytes kbsKeyUnwrap(byte[] wrappedKey, String keyId, Map<String, String> ignored)
      throws CdhException {
    try (SecretBytes kek = getResource(keyId)) {
      return WrapCiphers.keyUnwrap(kek, wrappedKey);
    }
  }

  private static SecretBytes checked(SecretBytes fromKms) throws CdhException {
    if (fromKms == null) {
      throw new CdhException(CdhException.Kind.KMS_FAILED, "envelope KMS returned no key");
    }
    return fromKms;
  }

  private EnvelopeKms kmsFor(String provider) throws CdhException {
    EnvelopeKms k = kms.get(provider);
    if (k == null) {
      throw unsupportedProvider("envelope", provider);
    }
    return k;
  }

  private static CdhException unsupportedProvider(String type, String provider) {
    String hint =
        KNOWN_UPSTREAM_KMS.contains(provider)
            ? " (upstream's " + provider + " plugin is not built into Claviger; register an"
                + " EnvelopeKms named '" + provider + "')"
            : "";
    return new CdhException(
        CdhException.Kind.UNSUPPORTED,
        type + " provider '" + provider + "' is not supported" + hint);
  }

  private static ResourcePath resourcePath(String uri) throws CdhException {
    Objects.requireNonNull(uri, "uri");
    String lower = uri.toLowerCase(Locale.ROOT);
    if (lower.startsWith("kbs+") && !lower.startsWith("kbs+resource:")) {
      throw new CdhException(
          CdhException.Kind.UNSUPPORTED,
          "KBS plugin URIs are not supported, only resources: '" + uri + "'");
    }
    try {
      return ResourcePath.parse(uri);
    } catch (IllegalArgumentException e) {
      throw new CdhException(CdhException.Kind.MALFORMED, e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "ConfidentialDataHub[kms=" + kms.keySet() + ", skipSealedSecretVerification="
        + skipSealedSecretVerification + "]";
  }

  /** Configures a hub; everything but the resource source is optional. */
  public static final class Builder {
    private final ResourceSource kbs;
    private Optional<Path> sealedSecretKeyDir = Optional.empty();
    private final Map<String, EnvelopeKms> kms = new LinkedHashMap<>();
    private boolean skipSealedSecretVerification;

    private Builder(ResourceSource kbs) {
      this.kbs = kbs;
    }

    /**
     * Accepted so that one clock can be wired through the agent. Sealed secrets and annotation
     * packets carry no validity period upstream, so the hub makes no time-dependent decision.
     */
    public Builder clock(Clock clock) {
      Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Directory holding sealed-secret verification JWKs named by {@code kid} (upstream:
     * {@code /run/confidential-containers/cdh/sealed-secret}). Without it only {@code kbs://}
     * kids work.
     */
    public Builder sealedSecretKeyDir(Path dir) {
      this.sealedSecretKeyDir = Optional.of(Objects.requireNonNull(dir, "dir"));
      return this;
    }

    /** Registers the KMS for envelope secrets and v2 packets whose provider is {@code name}. */
    public Builder envelopeKms(String name, EnvelopeKms kms) {
      Objects.requireNonNull(name, "name");
      if (name.equals(SecretPayload.PROVIDER_KBS)) {
        throw new IllegalArgumentException("the 'kbs' provider is built in");
      }
      this.kms.put(name, Objects.requireNonNull(kms, "kms"));
      return this;
    }

    /**
     * Unseals without checking signatures (upstream {@code SKIP_SEALED_SECRET_VERIFICATION=true}).
     * Anyone who can hand the workload a sealed secret then chooses which resource it receives.
     */
    public Builder skipSealedSecretVerification(boolean skip) {
      this.skipSealedSecretVerification = skip;
      return this;
    }

    public ConfidentialDataHub build() {
      return new ConfidentialDataHub(this);
    }
  }
}
