package dev.claviger.agent.tpm.internal;

import dev.claviger.agent.tpm.TpmException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * swtpm's TCP server channel ({@code swtpm socket --server type=tcp,port=P}): raw TPM command
 * bytes in, raw response bytes out, several commands per connection. The control channel (P+1)
 * is not used: swtpm must run with {@code --flags not-need-init} (CMD_INIT over the control
 * channel would reset the TPM, PCRs included), and locality 0 is swtpm's default.
 */
public final class SwtpmTransport implements TpmTransport {
  private final String endpoint;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  private SwtpmTransport(String endpoint, Socket socket) throws IOException {
    this.endpoint = endpoint;
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
  }

  /**
   * Connects; {@code timeout} bounds the connect and every read (RSA key generation on a slow
   * TPM takes seconds, so callers give it tens of seconds).
   */
  public static SwtpmTransport connect(String host, int port, Duration timeout)
      throws TpmException {
    String endpoint = host + ":" + port;
    Socket s = new Socket();
    try {
      s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
      s.setSoTimeout((int) timeout.toMillis());
      s.setTcpNoDelay(true);
      return new SwtpmTransport(endpoint, s);
    } catch (IOException e) {
      closeQuietly(s);
      throw TpmException.transport("cannot connect to swtpm at " + endpoint + ": " + e, e);
    }
  }

  @Override
  public byte[] transact(byte[] command) throws TpmException {
    try {
      out.write(command);
      out.flush();
      byte[] header = in.readNBytes(CommandFrame.HEADER);
      if (header.length < CommandFrame.HEADER) {
        throw TpmException.transport("swtpm at " + endpoint + " closed the connection after "
            + header.length + " response bytes", null);
      }
      int size = TpmTransport.responseSize(header);
      byte[] rest = in.readNBytes(size - CommandFrame.HEADER);
      if (rest.length < size - CommandFrame.HEADER) {
        throw TpmException.transport("swtpm at " + endpoint + " sent " + (header.length
            + rest.length) + " of " + size + " response bytes", null);
      }
      byte[] response = new byte[size];
      System.arraycopy(header, 0, response, 0, header.length);
      System.arraycopy(rest, 0, response, header.length, rest.length);
      return response;
    } catch (IOException e) {
      throw TpmException.transport("swtpm at " + endpoint + ": " + e, e);
    }
  }

  @Override
  public void close() {
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // Nothing is buffered; objects the TPM holds outlive the connection either way.
    }
  }

  @Override
  public String toString() {
    return "swtpm:" + endpoint;
  }
}
