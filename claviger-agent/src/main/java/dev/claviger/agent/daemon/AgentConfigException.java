package dev.claviger.agent.daemon;

/** The agent daemon cannot start: bad or missing configuration, attester or init-data failure. */
public final class AgentConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public AgentConfigException(String message) {
    super(message);
  }

  public AgentConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
