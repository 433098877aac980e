package dev.claviger.image.unpack.internal;

import dev.claviger.image.unpack.UnpackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Device nodes and FIFOs. The JDK cannot mknod, so when creation is allowed (root only) this
 * runs {@code mknod(1)} with the resolved path as a plain argument (no shell).
 */
public final class SpecialFiles {
  private SpecialFiles() {}

  /**
   * @param type {@code c}, {@code b} or {@code p}
   */
  public static void mknod(Path p, char type, int mode, long major, long minor) throws UnpackException {
    String octal = Integer.toOctalString(mode & 07777);
    List<String> cmd = type == 'p'
        ? List.of("mknod", "-m", octal, p.toString(), "p")
        : List.of("mknod", "-m", octal, p.toString(), String.valueOf(type),
            Long.toString(major), Long.toString(minor));
    try {
      Process proc = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      proc.getOutputStream().close();
      byte[] out = proc.getInputStream().readNBytes(4096);
      int rc = proc.waitFor();
      if (rc != 0) {
        throw new UnpackException(UnpackException.Kind.IO,
            "mknod " + p + " failed (" + rc + "): " + new String(out, StandardCharsets.UTF_8).strip());
      }
    } catch (IOException e) {
      throw new UnpackException(UnpackException.Kind.IO, "running mknod failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UnpackException(UnpackException.Kind.IO, "interrupted while creating " + p, e);
    }
  }
}
