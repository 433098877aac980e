package dev.claviger.agent.attester.internal;

import java.io.IOException;

/**
 * The configfs-tsm report directory ({@code /sys/kernel/config/tsm/report}) as a set of file
 * operations. Production code uses {@link FsTsmReports}; tests plug in a double that reacts to
 * writes and reads the way the kernel does, which plain files cannot.
 *
 * <p>Only the operations the protocol needs exist: create an entry, read and write attributes,
 * remove the entry. {@link TsmReportSession} runs the protocol over them.
 */
public interface TsmReports {

  /** Whether the report directory exists at all. */
  boolean available();

  /**
   * Creates a fresh entry (configfs {@code mkdir}); the kernel populates its attributes.
   *
   * @throws IOException the directory is missing or the entry cannot be created
   */
  Entry create() throws IOException;

  /** One report entry. {@link #close()} removes it (configfs {@code rmdir}). */
  interface Entry extends AutoCloseable {

    /** The entry's directory name, for error messages. */
    String name();

    /**
     * Reads an attribute, at most {@code maxBytes}; returns {@code maxBytes + 1} bytes when the
     * attribute is longer, so the caller can tell "exactly at the bound" from "over".
     */
    byte[] read(String attribute, int maxBytes) throws IOException;

    /** Writes an attribute in one write, as the kernel expects for binary attributes. */
    void write(String attribute, byte[] value) throws IOException;

    /** Whether the attribute exists (for example {@code auxblob} only on some providers). */
    boolean has(String attribute);

    @Override
    void close() throws IOException;
  }
}
