/**
 * containers-policy.json(5) verification: {@link dev.claviger.image.policy.SignaturePolicy} parses
 * the policy strictly, {@link dev.claviger.image.policy.PolicyVerifier} applies it to a manifest
 * with signatures from a {@link dev.claviger.image.policy.SignatureSource} (the registry and its
 * lookaside: {@link dev.claviger.image.policy.RegistrySignatureSource}) and returns a {@link
 * dev.claviger.image.policy.VerifiedImage}, which nothing else can create.
 */
package dev.claviger.image.policy;
