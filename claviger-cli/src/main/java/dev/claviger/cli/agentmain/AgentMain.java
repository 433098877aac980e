package dev.claviger.cli.agentmain;

import dev.claviger.cli.AgentCommand;
import dev.claviger.cli.ExitCodes;
import java.io.PrintStream;
import java.util.Optional;

/**
 * Entry point of the guest's small-footprint agent JVM ({@code bin/agent}). {@code serve} with
 * well-formed options starts the daemon directly; every other command line, and any option this
 * parser does not accept exactly as picocli would, goes to {@link AgentCommand} unchanged.
 *
 * <p>Why: picocli's classes are compiled for Java 5, which class-data sharing cannot archive, so
 * its ~180 classes and its reflective command model are rebuilt in every daemon JVM and stay in
 * its heap and metaspace for the daemon's lifetime (measured in docs/agent.md). A one-shot command
 * pays that once and exits; the daemon would carry it forever.
 */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) {
    Optional<AgentCommand.ServeArgs> serve = ServeArgsParser.parse(args);
    if (serve.isEmpty()) {
      AgentCommand.main(args);
      return;
    }
    AgentCommand.PreparedServe prepared;
    try {
      prepared = AgentCommand.prepareServe(serve.get());
    } catch (Exception e) {
      // Nothing has started: picocli re-reads the same command line and reports the error with usage.
      AgentCommand.main(args);
      return;
    }
    System.exit(serve(prepared, System.out, System.err));
  }

  /** Runs the daemon; failures map to exit codes as {@link AgentCommand}'s handler maps them. */
  static int serve(AgentCommand.PreparedServe prepared, PrintStream out, PrintStream err) {
    try {
      return AgentCommand.serve(prepared, out, err);
    } catch (IllegalArgumentException e) {
      err.println("claviger: " + e.getMessage());
      return ExitCodes.USAGE;
    } catch (Exception e) {
      err.println("claviger: " + e.getMessage());
      return ExitCodes.FAILED;
    }
  }
}
