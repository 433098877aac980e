package dev.claviger.image.runtime.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies a child process's output on its own (virtual) thread: into a sink when one is given,
 * else into memory up to a limit (further bytes are read and dropped, so the child never blocks
 * on a full pipe).
 */
public final class OutputPump {
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private final Thread thread;
  private volatile boolean truncated;

  private OutputPump(InputStream in, OutputStream sink, int limit) {
    this.thread = Thread.ofVirtual().name("runc-output").start(() -> pump(in, sink, limit));
  }

  /** @param sink where to stream the output, or null to capture up to {@code limit} bytes */
  public static OutputPump start(InputStream in, OutputStream sink, int limit) {
    return new OutputPump(in, sink, limit);
  }

  private void pump(InputStream in, OutputStream sink, int limit) {
    byte[] buf = new byte[8192];
    try (in) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        if (sink != null) {
          sink.write(buf, 0, n);
          sink.flush();
        } else {
          int room = limit - captured.size();
          captured.write(buf, 0, Math.max(0, Math.min(room, n)));
          truncated |= n > room;
        }
      }
    } catch (IOException e) {
      // the child went away or the sink closed: what was copied so far is the result
    }
  }

  /** Waits for the end of the stream and returns what was captured. */
  public byte[] finish() throws InterruptedException {
    thread.join();
    return captured.toByteArray();
  }

  public boolean truncated() {
    return truncated;
  }
}
