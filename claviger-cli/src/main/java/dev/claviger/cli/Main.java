package dev.claviger.cli;

import dev.claviger.agent.KbsClientException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code claviger} command. The only class that exits the JVM. */
@Command(
    name = "claviger",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Claviger: trust services and guest stack for Confidential Containers.",
    subcommands = {ServerCommand.class, KbsCommand.class, AgentCommand.class, dev.claviger.cli.image.ImageCommand.class,
        PolicyCommand.class, VerifyCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "1:refused by the server (its error detail is printed)",
      "2:usage error or unreadable input file",
      "3:could not complete (server unreachable, server error, I/O)"
    })
public final class Main {

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command in-process and returns its exit code; {@code out} receives command output. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
    cli.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> handle(e, commandLine));
    Streams.set(out, err);
    try {
      return cli.execute(args);
    } finally {
      Streams.clear();
    }
  }

  private static int handle(Exception e, CommandLine commandLine) {
    PrintWriter err = commandLine.getErr();
    if (e instanceof KbsClientException k) {
      err.println("claviger: " + k.getMessage());
      return k.reason() == KbsClientException.Reason.REFUSED ? ExitCodes.REFUSED : ExitCodes.FAILED;
    }
    if (e instanceof UsageException || e instanceof NoSuchFileException || e instanceof IllegalArgumentException) {
      String message = e instanceof NoSuchFileException ? "no such file: " + e.getMessage() : e.getMessage();
      err.println("claviger: " + message);
      commandLine.usage(err);
      return ExitCodes.USAGE;
    }
    if (e instanceof dev.claviger.kbs.KbsStartException) {
      err.println("claviger: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    if (e instanceof IOException) {
      err.println("claviger: I/O error: " + e.getMessage());
      return ExitCodes.FAILED;
    }
    err.println("claviger: " + e);
    return ExitCodes.FAILED;
  }

  /** A command-line mistake found after parsing (bad file, inconsistent options). */
  static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      return new String[] {"claviger " + (version == null ? "development build" : version)};
    }
  }
}
