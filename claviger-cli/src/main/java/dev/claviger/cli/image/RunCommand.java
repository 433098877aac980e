package dev.claviger.cli.image;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.cli.ExitCodes;
import dev.claviger.core.Json;
import dev.claviger.image.oci.ImageReference;
import dev.claviger.image.pipeline.ImagePipelineException;
import dev.claviger.image.pipeline.PreparedImage;
import dev.claviger.image.runtime.Bundle;
import dev.claviger.image.runtime.ContainerException;
import dev.claviger.image.runtime.RunResult;
import dev.claviger.image.runtime.Runc;
import dev.claviger.image.runtime.RuntimeSpec;
import dev.claviger.image.unpack.LayerUnpacker;
import dev.claviger.image.unpack.UnpackException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code claviger image run REF [-- CMD...]}: the whole guest pipeline (pull, verify on every
 * run, keys through the confidential data hub, decrypt, unpack) and then {@code runc run}. The
 * container's stdout goes to stdout, its stderr to stderr; the exit code is the container's
 * (like {@code docker run}), or {@link ExitCodes#REFUSED}/{@link ExitCodes#FAILED} when the image
 * was refused or could not be prepared (so a script cannot tell a container's own 1 or 3 apart;
 * --json reports {@code exit_code} separately).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Pull, verify, decrypt, unpack and run an image with runc; prints the container's output.")
public final class RunCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "REF", description = "Image reference, e.g. 127.0.0.1:5000/app:v1")
  String reference;

  @Parameters(index = "1..*", paramLabel = "CMD", description = "Command replacing the image's Cmd")
  List<String> command = new ArrayList<>();

  @Mixin UnpackCommand.GuestOptions guest;

  @Option(names = "--bundle", paramLabel = "DIR",
      description = "Keep the bundle here (default: a temporary directory, deleted afterwards)")
  Path bundleDir;

  @Option(names = "--user", paramLabel = "UID[:GID]|NAME", description = "Override the image's User")
  String user;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "600",
      description = "Kill the container after this long (default: ${DEFAULT-VALUE})")
  long timeoutSeconds;

  @Option(names = "--runc", paramLabel = "PATH", description = "runc binary (default: runc on PATH)")
  Path runcBinary;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ImageReference ref = guest.reference(spec, reference);
    Path work = Files.createTempDirectory("claviger-run-");
    Path bundlePath = bundleDir != null ? bundleDir : work.resolve("bundle");
    try {
      PreparedImage prepared;
      try (Progress progress = Progress.onStderr(System.err, guest.json)) {
        prepared = guest.pipeline(spec, ref, progress).prepare(ref, bundlePath, this::customize);
      } catch (ImagePipelineException e) {
        return guest.failure(spec, e);
      }
      return run(ref, prepared, work.resolve("runc-state"));
    } finally {
      delete(work);
    }
  }

  private RuntimeSpec.Builder customize(RuntimeSpec.Builder b) {
    if (!command.isEmpty()) {
      b.command(command);
    }
    if (user != null) {
      b.user(user);
    }
    return b;
  }

  private int run(ImageReference ref, PreparedImage prepared, Path state) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String id = "claviger-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
    try {
      Runc runc = runcBinary != null ? Runc.at(runcBinary, state) : Runc.onPath(state);
      Bundle bundle = prepared.bundle();
      Duration timeout = Duration.ofSeconds(timeoutSeconds);
      if (guest.json) {
        RunResult r = runc.run(bundle, id, timeout);
        ObjectNode o = UnpackCommand.summary(ref, prepared);
        o.put("exit_code", r.exitCode());
        o.put("stdout", r.stdoutText());
        o.put("stderr", r.stderrText());
        o.put("truncated", r.truncated());
        out.println(Json.write(o));
        return r.exitCode();
      }
      try (Utf8Sink o = new Utf8Sink(out); Utf8Sink e = new Utf8Sink(err)) {
        return runc.run(bundle, id, timeout, o, e).exitCode();
      }
    } catch (ContainerException e) {
      err.println("claviger: " + e.getMessage());
      return ExitCodes.FAILED;
    }
  }

  private static void delete(Path dir) {
    try {
      LayerUnpacker.deleteTree(dir);
    } catch (UnpackException ignored) {
      // a leftover temp directory must not hide the container's result
    }
  }

  /**
   * Bytes from the container, decoded as UTF-8 into picocli's writer (malformed sequences
   * become U+FFFD; a sequence split across reads is completed by the next one).
   */
  static final class Utf8Sink extends OutputStream {
    private final PrintWriter writer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer pending = ByteBuffer.allocate(8192);
    private final CharBuffer chars = CharBuffer.allocate(8192);

    Utf8Sink(PrintWriter writer) {
      this.writer = writer;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      while (len > 0) {
        int n = Math.min(len, pending.remaining());
        pending.put(b, off, n);
        off += n;
        len -= n;
        drain(false);
      }
    }

    private void drain(boolean endOfInput) {
      pending.flip();
      while (true) {
        var result = decoder.decode(pending, chars, endOfInput);
        chars.flip();
        writer.append(chars);
        chars.clear();
        if (!result.isOverflow()) {
          break;
        }
      }
      pending.compact();
    }

    @Override
    public synchronized void flush() {
      writer.flush();
    }

    @Override
    public synchronized void close() {
      drain(true);
      decoder.flush(chars);
      chars.flip();
      writer.append(chars);
      chars.clear();
      writer.flush();
    }
  }
}
