package dev.claviger.agent.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.tpm.internal.ResponseCodes;
import dev.claviger.agent.tpm.internal.TpmWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two transports' framing against peers that misbehave, and the TPM_RC decoder. */
class TransportTest {
  @TempDir Path dir;

  /** A one-shot swtpm stand-in: reads one command, answers {@code reply}, closes. */
  private static ServerSocket peer(byte[] reply) throws Exception {
    ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      try (Socket s = server.accept(); InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream()) {
        in.readNBytes(12);
        out.write(reply);
        out.flush();
      } catch (Exception ignored) {
        // the test asserts on the client side
      }
    });
    return server;
  }

  private static Tpm connect(ServerSocket server) throws Exception {
    return Tpm.open(new TpmTcti.Swtpm("127.0.0.1", server.getLocalPort()));
  }

  @Test
  void swtpm_wellFormedResponse_parsed() throws Exception {
    try (ServerSocket server = peer(ScriptedTransport.error(0x100)); Tpm tpm = connect(server)) {
      assertThat(tpm.startup()).isFalse();
    }
  }

  @Test
  void swtpm_headerAnnouncesOversize_rejectedBeforeReadingBody() throws Exception {
    byte[] header = new TpmWriter().u16(0x8001).u32(0x10000).u32(0).toByteArray();
    try (ServerSocket server = peer(header); Tpm tpm = connect(server)) {
      assertThatThrownBy(tpm::startup).isInstanceOfSatisfying(TpmException.class, e -> {
        assertThat(e.kind()).isEqualTo(TpmException.Kind.MALFORMED_RESPONSE);
        assertThat(e).hasMessageContaining("announces 65536 bytes");
      });
    }
  }

  @Test
  void swtpm_connectionClosedMidResponse_transportError() throws Exception {
    byte[] partial = new TpmWriter().u16(0x8001).u32(20).u32(0).u16(0).toByteArray();
    try (ServerSocket server = peer(partial); Tpm tpm = connect(server)) {
      assertThatThrownBy(tpm::startup).isInstanceOfSatisfying(TpmException.class, e -> {
        assertThat(e.kind()).isEqualTo(TpmException.Kind.TRANSPORT);
        assertThat(e).hasMessageContaining("12 of 20");
      });
    }
  }

  @Test
  void swtpm_nothingListening_transportError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    assertThatThrownBy(() -> Tpm.open(new TpmTcti.Swtpm("127.0.0.1", port)))
        .isInstanceOfSatisfying(TpmException.class,
            e -> assertThat(e.kind()).isEqualTo(TpmException.Kind.TRANSPORT));
  }

  @Test
  void device_fifoEchoesCommand_framedRoundTrip() throws Exception {
    // A FIFO opened read-write hands our own command back: a 12-byte frame whose "response
    // code" is the command code 0x144. That exercises the device write and framed read.
    Path fifo = dir.resolve("tpm0");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    Assumptions.assumeTrue(mk.waitFor() == 0 && Files.exists(fifo), "mkfifo unavailable");

    try (Tpm tpm = Tpm.open(new TpmTcti.Device(fifo))) {
      assertThatThrownBy(tpm::startup).isInstanceOfSatisfying(TpmException.class,
          e -> assertThat(e.responseCode()).hasValue(0x144));
    }
  }

  @Test
  void device_regularFile_refusedAndLeftUntouched() throws Exception {
    Path file = Files.writeString(dir.resolve("passwd"), "root:x:0:0\n");

    assertThatThrownBy(() -> Tpm.open(new TpmTcti.Device(file)))
        .isInstanceOfSatisfying(TpmException.class, e -> {
          assertThat(e.kind()).isEqualTo(TpmException.Kind.TRANSPORT);
          assertThat(e).hasMessageContaining("not a device");
        });
    assertThat(Files.readString(file)).isEqualTo("root:x:0:0\n");
  }

  @Test
  void device_missing_transportError() {
    assertThatThrownBy(() -> Tpm.open(new TpmTcti.Device(dir.resolve("absent"))))
        .isInstanceOfSatisfying(TpmException.class,
            e -> assertThat(e.kind()).isEqualTo(TpmException.Kind.TRANSPORT));
  }

  @Test
  void responseCodes_formatsAndLayers_decoded() {
    assertThat(ResponseCodes.describe(0x1C4)).isEqualTo("TPM_RC_VALUE (0x1c4), parameter 1");
    assertThat(ResponseCodes.describe(0x98E)).isEqualTo("TPM_RC_AUTH_FAIL (0x98e), session 1");
    assertThat(ResponseCodes.describe(0x902)).isEqualTo("TPM_RC_OBJECT_MEMORY (0x902)");
    assertThat(ResponseCodes.name(0x100)).isEqualTo("TPM_RC_INITIALIZE");
    assertThat(ResponseCodes.name(0x0A2)).isEqualTo("TPM_RC_BAD_AUTH");
    assertThat(ResponseCodes.name(0x17F)).isEqualTo("TPM_RC_0x17f");
    assertThat(ResponseCodes.name(0x0B0902)).startsWith("layer 0xb");
    assertThat(ResponseCodes.name(0x026)).startsWith("TPM 1.2");
    assertThat(ResponseCodes.base(0x18B)).isEqualTo(ResponseCodes.base(0x08B));
  }
}
