/**
 * The confidential data hub: KBS resources by URI ({@link
 * dev.claviger.agent.cdh.ConfidentialDataHub#getResource}), sealed secrets ({@link
 * dev.claviger.agent.cdh.SealedSecret}, {@link dev.claviger.agent.cdh.SecretPayload}) and the
 * keyprovider unwrap of CoCo annotation packets ({@link dev.claviger.agent.cdh.AnnotationPacket}),
 * wire-compatible with upstream guest-components. See {@code docs/cdh.md}.
 */
package dev.claviger.agent.cdh;
