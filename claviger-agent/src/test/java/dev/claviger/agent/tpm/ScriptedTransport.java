package dev.claviger.agent.tpm;

import dev.claviger.agent.tpm.internal.TpmTransport;
import dev.claviger.agent.tpm.internal.TpmWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A fake TPM: answers each command with the next scripted response and records the commands. */
final class ScriptedTransport implements TpmTransport {
  final List<byte[]> commands = new ArrayList<>();
  private final Deque<byte[]> responses = new ArrayDeque<>();
  boolean closed;

  ScriptedTransport then(byte[] response) {
    responses.add(response);
    return this;
  }

  /** A well-formed response: header with the right size, then {@code body}. */
  static byte[] response(int tag, int rc, byte[] body) {
    return new TpmWriter().u16(tag).u32(10 + body.length).u32(rc).bytes(body).toByteArray();
  }

  static byte[] ok(byte[] body) {
    return response(0x8001, 0, body);
  }

  /** A success response to a password-session command: parameterSize, params, the session ack. */
  static byte[] okSession(int[] handles, byte[] params) {
    TpmWriter w = new TpmWriter();
    for (int h : handles) {
      w.u32(h);
    }
    w.u32(params.length).bytes(params).u16(0).u8(1).u16(0);
    return response(0x8002, 0, w.toByteArray());
  }

  static byte[] error(int rc) {
    return response(0x8001, rc, new byte[0]);
  }

  @Override
  public byte[] transact(byte[] command) {
    commands.add(command.clone());
    if (responses.isEmpty()) {
      throw new AssertionError("unexpected command " + java.util.HexFormat.of().formatHex(command));
    }
    return responses.removeFirst();
  }

  @Override
  public void close() {
    closed = true;
  }
}
