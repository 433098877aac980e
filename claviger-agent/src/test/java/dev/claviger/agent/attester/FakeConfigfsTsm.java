package dev.claviger.agent.attester;

import dev.claviger.agent.attester.internal.BoundedFiles;
import dev.claviger.agent.attester.internal.TsmReports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Test double for the kernel's configfs-tsm interface: a real directory laid out like
 * {@code /sys/kernel/config/tsm/report} under a fake guest root, whose entries behave like
 * configfs. Creating an entry creates {@code provider} and {@code generation} ("0\n"); writing
 * {@code inblob} records it and bumps {@code generation}; reading {@code outblob} (and
 * {@code auxblob}) serves the configured real report from the evidence corpus; removing the entry
 * removes its attributes, as configfs {@code rmdir} does. Plain files cannot react to reads, so the
 * agent's code reaches it through the same {@link TsmReports} interface as the real directory.
 *
 * <p>Knobs for failures the kernel can produce: another writer bumping {@code generation}, an
 * empty {@code outblob}, a different provider, a failing {@code rmdir}.
 */
final class FakeConfigfsTsm implements TsmReports {
  private final Path dir;
  private final String provider;
  private final byte[] outblob;
  private final Optional<byte[]> auxblob;
  private final int extraWrites;
  private final boolean rmdirFails;
  private final List<byte[]> inblobs = new ArrayList<>();
  private final AtomicInteger created = new AtomicInteger();

  private FakeConfigfsTsm(Path dir, String provider, byte[] outblob, Optional<byte[]> auxblob,
      int extraWrites, boolean rmdirFails) {
    this.dir = dir;
    this.provider = provider;
    this.outblob = outblob.clone();
    this.auxblob = auxblob.map(byte[]::clone);
    this.extraWrites = extraWrites;
    this.rmdirFails = rmdirFails;
  }

  /** A report directory under {@code root} whose entries report {@code provider} (e.g. "tdx_guest\n"). */
  static FakeConfigfsTsm create(Path root, String provider, byte[] outblob) {
    Path dir = PlatformPathsTesting.paths(root).tsmReport();
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FakeConfigfsTsm(dir, provider, outblob, Optional.empty(), 0, false);
  }

  /** Entries also have {@code auxblob} (sev_guest with a host certificate table). */
  FakeConfigfsTsm withAuxblob(byte[] aux) {
    return new FakeConfigfsTsm(dir, provider, outblob, Optional.of(aux), extraWrites, rmdirFails);
  }

  /** Another process writes {@code inblob} once more after each of ours (a generation race). */
  FakeConfigfsTsm withConcurrentWriter() {
    return new FakeConfigfsTsm(dir, provider, outblob, auxblob, extraWrites + 1, rmdirFails);
  }

  /** rmdir fails (EBUSY), leaving the entry behind. */
  FakeConfigfsTsm withFailingRmdir() {
    return new FakeConfigfsTsm(dir, provider, outblob, auxblob, extraWrites, true);
  }

  /** Every inblob written so far, in order. */
  List<byte[]> inblobs() {
    synchronized (inblobs) {
      return List.copyOf(inblobs);
    }
  }

  int entriesCreated() {
    return created.get();
  }

  /** Entries still present (each exchange must remove its own). */
  long liveEntries() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.count();
    }
  }

  @Override
  public boolean available() {
    return Files.isDirectory(dir);
  }

  @Override
  public Entry create() throws IOException {
    Path entry = Files.createTempDirectory(dir, "entry-");
    Files.writeString(entry.resolve("provider"), provider, StandardCharsets.US_ASCII);
    Files.writeString(entry.resolve("generation"), "0\n", StandardCharsets.US_ASCII);
    Files.write(entry.resolve("inblob"), new byte[0]);
    Files.write(entry.resolve("outblob"), new byte[0]);
    if (auxblob.isPresent()) {
      Files.write(entry.resolve("auxblob"), new byte[0]);
    }
    created.incrementAndGet();
    return new FakeEntry(entry);
  }

  @Override
  public String toString() {
    return "FakeConfigfsTsm[" + provider.strip() + "]";
  }

  private final class FakeEntry implements Entry {
    private final Path path;
    private boolean written;

    FakeEntry(Path path) {
      this.path = path;
    }

    @Override
    public String name() {
      return path.getFileName().toString();
    }

    @Override
    public synchronized byte[] read(String attribute, int maxBytes) throws IOException {
      Path file = existing(attribute);
      if (attribute.equals("outblob") || attribute.equals("auxblob")) {
        if (!written) {
          throw new IOException("configfs-tsm: no inblob written (kernel returns EINVAL)");
        }
        Files.write(file, attribute.equals("outblob") ? outblob : auxblob.orElseThrow());
      }
      return BoundedFiles.readUpTo(file, maxBytes);
    }

    @Override
    public synchronized void write(String attribute, byte[] value) throws IOException {
      Path file = existing(attribute);
      if (!attribute.equals("inblob")) {
        throw new IOException("configfs-tsm: " + attribute + " is read-only in this double");
      }
      Files.write(file, value);
      synchronized (inblobs) {
        inblobs.add(value.clone());
      }
      written = true;
      bumpGeneration(1 + extraWrites);
    }

    @Override
    public boolean has(String attribute) {
      return Files.exists(path.resolve(attribute));
    }

    @Override
    public void close() throws IOException {
      if (rmdirFails) {
        throw new IOException("rmdir " + path + ": Device or resource busy");
      }
      try (Stream<Path> files = Files.list(path)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(path);
    }

    private Path existing(String attribute) throws IOException {
      Path file = path.resolve(attribute);
      if (!Files.exists(file)) {
        throw new NoSuchFileException(file.toString());
      }
      return file;
    }

    private void bumpGeneration(int by) throws IOException {
      Path g = path.resolve("generation");
      int now = Integer.parseInt(Files.readString(g).strip());
      Files.writeString(g, (now + by) + "\n");
    }
  }
}
