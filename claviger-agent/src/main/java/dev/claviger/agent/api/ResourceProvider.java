package dev.claviger.agent.api;

import dev.claviger.core.SecretBytes;

/** What {@code GET /cdh/resource/<repo>/<type>/<tag>} calls: the CDH's {@code GetResource}. */
@FunctionalInterface
public interface ResourceProvider {

  /** The resource at {@code uri} ({@code kbs:///repo/type/tag}). */
  SecretBytes getResource(String uri) throws AgentApiException;
}
