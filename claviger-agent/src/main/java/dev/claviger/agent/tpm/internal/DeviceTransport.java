package dev.claviger.agent.tpm.internal;

import dev.claviger.agent.tpm.TpmException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * A TPM character device ({@code /dev/tpmrm0}, {@code /dev/tpm0}): the kernel takes one whole
 * command per write and hands back the whole response on the next read.
 */
public final class DeviceTransport implements TpmTransport {
  private final Path path;
  private final FileChannel channel;

  private DeviceTransport(Path path, FileChannel channel) {
    this.path = path;
    this.channel = channel;
  }

  public static DeviceTransport open(Path path) throws TpmException {
    try {
      // A misconfigured AA_TPM_DEVICE naming a regular file must not get TPM commands written
      // over its first bytes: only character devices (and FIFOs, in tests) are opened.
      if (!Files.readAttributes(path, BasicFileAttributes.class).isOther()) {
        throw TpmException.transport(path + " is not a device", null);
      }
      return new DeviceTransport(path,
          FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE));
    } catch (IOException | UnsupportedOperationException e) {
      throw TpmException.transport("cannot open TPM device " + path + ": " + e, e);
    }
  }

  @Override
  public byte[] transact(byte[] command) throws TpmException {
    try {
      ByteBuffer out = ByteBuffer.wrap(command);
      while (out.hasRemaining()) {
        channel.write(out);
      }
      // One byte more than allowed, so that an oversized response is seen, not truncated.
      ByteBuffer in = ByteBuffer.allocate(CommandFrame.MAX_RESPONSE + 1);
      int expected = -1;
      while (expected < 0 || in.position() < expected) {
        if (channel.read(in) < 0) {
          throw TpmException.transport(path + ": end of stream after " + in.position()
              + " response bytes", null);
        }
        if (expected < 0 && in.position() >= CommandFrame.HEADER) {
          expected = TpmTransport.responseSize(Arrays.copyOf(in.array(), CommandFrame.HEADER));
        }
        if (!in.hasRemaining()) {
          break;
        }
      }
      return Arrays.copyOf(in.array(), in.position());
    } catch (IOException e) {
      throw TpmException.transport(path + ": " + e, e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing was buffered for writing; a failed close loses nothing.
    }
  }

  @Override
  public String toString() {
    return "device:" + path;
  }
}
