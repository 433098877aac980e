package dev.claviger.agent.api;

/**
 * A backend of the local REST API failed. The message is what the caller sees in the plain-text
 * 500 body (upstream sends its error text too), so it must never contain secret material.
 */
public final class AgentApiException extends Exception {
  private static final long serialVersionUID = 1L;

  public AgentApiException(String message) {
    super(message);
  }

  public AgentApiException(String message, Throwable cause) {
    super(message, cause);
  }
}
