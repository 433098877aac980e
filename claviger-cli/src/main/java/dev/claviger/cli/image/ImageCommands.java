package dev.claviger.cli.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.cli.ExitCodes;
import dev.claviger.core.Json;
import dev.claviger.image.oci.CopyResult;
import dev.claviger.image.oci.DigestMismatchException;
import dev.claviger.image.oci.ImageCopier;
import dev.claviger.image.oci.ImageLocation;
import dev.claviger.image.oci.LayerTransform;
import dev.claviger.image.oci.Platform;
import dev.claviger.image.oci.ProgressListener;
import dev.claviger.image.oci.RegistryException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.security.GeneralSecurityException;
import picocli.CommandLine;

/** Shared plumbing of copy/pull/push/encrypt/decrypt: run the copier, print the result, map errors to exits. */
final class ImageCommands {
  private ImageCommands() {}

  /** Work that may fail with the image layer's checked exceptions. */
  @FunctionalInterface
  interface Body {
    int run() throws IOException, GeneralSecurityException;
  }

  /**
   * Runs {@code body}; registry refusals (4xx) exit {@link ExitCodes#REFUSED}, content that fails
   * verification and other I/O exit {@link ExitCodes#FAILED}, with one line on stderr.
   */
  static int guarded(CommandLine cmd, Body body) {
    PrintWriter err = cmd.getErr();
    try {
      return body.run();
    } catch (RegistryException e) {
      err.println("claviger: registry error: " + e.getMessage());
      return e.status() >= 400 && e.status() < 500 ? ExitCodes.REFUSED : ExitCodes.FAILED;
    } catch (DigestMismatchException e) {
      err.println("claviger: content verification failed: " + e.getMessage());
      return ExitCodes.FAILED;
    } catch (GeneralSecurityException e) {
      err.println("claviger: " + e.getMessage());
      return ExitCodes.FAILED;
    } catch (IOException e) {
      err.println("claviger: I/O error: " + e.getMessage());
      return ExitCodes.FAILED;
    }
  }

  static Platform platform(CommandLine cmd, String text) {
    if (text == null) {
      return Platform.LINUX_AMD64;
    }
    try {
      return Platform.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(cmd, "--platform: " + e.getMessage());
    }
  }

  static int copy(CommandLine cmd, ImageLocation src, ImageLocation dst, Platform platform,
      boolean all, boolean json, PrintStream stderr) throws IOException, GeneralSecurityException {
    ImageCopier.Builder b = ImageCopier.builder().platform(platform);
    if (all) {
      b.allPlatforms();
    }
    try (Progress progress = Progress.onStderr(stderr, json)) {
      CopyResult r = b.progress(progress).build().copy(src, dst);
      print(cmd.getOut(), src, dst, r, json);
    }
    return ExitCodes.OK;
  }

  /** Copies with every layer passed through {@code transform} (encrypt, decrypt). */
  static int copyTransformed(CommandLine cmd, ImageLocation src, ImageLocation dst,
      Platform platform, LayerTransform transform, boolean json)
      throws IOException, GeneralSecurityException {
    try (Progress progress = Progress.onStderr(System.err, json)) {
      CopyResult r = ImageCopier.builder().platform(platform).layerTransform(transform)
          .progress(progress).build().copy(src, dst);
      print(cmd.getOut(), src, dst, r, json);
    }
    return ExitCodes.OK;
  }

  static void print(PrintWriter out, ImageLocation src, ImageLocation dst, CopyResult r,
      boolean json) {
    if (json) {
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      o.put("source", src.toString());
      o.put("destination", dst.toString());
      o.put("sourceDigest", r.source().digest().toString());
      o.put("digest", r.written().digest().toString());
      o.put("mediaType", r.written().mediaType());
      o.put("size", r.written().size());
      ArrayNode blobs = o.putArray("blobs");
      for (CopyResult.BlobCopy c : r.blobs()) {
        ObjectNode e = blobs.addObject();
        e.put("digest", c.written().digest().toString());
        e.put("size", c.written().size());
        e.put("mediaType", c.written().mediaType());
        e.put("outcome", c.outcome().name().toLowerCase(java.util.Locale.ROOT));
        if (!c.written().digest().equals(c.source().digest())) {
          e.put("sourceDigest", c.source().digest().toString());
        }
      }
      out.println(Json.write(o));
    } else {
      long copied = r.blobs().stream()
          .filter(c -> c.outcome() == ProgressListener.Outcome.COPIED).count();
      long exists = r.blobs().stream()
          .filter(c -> c.outcome() == ProgressListener.Outcome.EXISTS).count();
      long mounted = r.blobs().size() - copied - exists;
      out.println("Copied " + src + " -> " + dst);
      out.println("  manifest " + r.written().digest() + " (" + r.written().mediaType() + ")");
      out.println("  blobs: " + copied + " copied, " + exists + " already present, " + mounted
          + " mounted");
    }
    out.flush();
  }
}
