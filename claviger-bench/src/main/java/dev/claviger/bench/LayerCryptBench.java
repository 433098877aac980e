package dev.claviger.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.CryptoProviders;
import dev.claviger.core.Hex;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import dev.claviger.image.crypt.ImageDecryptor;
import dev.claviger.image.crypt.ImageEncryptor;
import dev.claviger.image.crypt.JweKeyResolver;
import dev.claviger.image.crypt.JweRecipient;
import dev.claviger.image.crypt.LayerDecryptor;
import dev.claviger.image.crypt.LayerEncryptor;
import dev.claviger.image.crypt.LayerSelection;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.MediaTypes;
import dev.claviger.image.oci.OciLayout;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;

/**
 * Layer decryption throughput: a random layer (default 1 GiB, typed tar+gzip so nothing
 * decompresses it) encrypted to an RSA key in an OCI layout, then per run (a) our
 * decrypt + verify (HMAC and privopts digest) to a new layout, (b) {@code skopeo copy
 * --decryption-key} of the same image oci to oci, (c) raw HMAC-SHA256 of the JVM over the same
 * encrypted file, streamed. Reports MB/s (10^6 bytes/s), the best run of each, the ratios
 * ours/skopeo (goal >= 1.5) and ours/hmac (goal >= 0.7), and this JVM's peak RSS (VmHWM). CPU
 * seconds of each run are reported too (skopeo's through {@code /usr/bin/time}), because on a
 * loaded machine wall-clock ratios mostly measure the scheduler.
 *
 * <pre>java -cp benchmarks.jar dev.claviger.bench.LayerCryptBench [--size-mib 1024] [--runs 3]
 *     [--dir /tmp] [--out claviger-bench/target/layercrypt.json] [--skopeo /usr/bin/skopeo]</pre>
 */
public final class LayerCryptBench {
  private LayerCryptBench() {}

  public static void main(String[] args) throws Exception {
    long sizeMib = 1024;
    int runs = 3;
    Path base = Path.of(System.getProperty("java.io.tmpdir"));
    Path out = Path.of("claviger-bench/target/layercrypt.json");
    String skopeo = "skopeo";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--size-mib" -> sizeMib = Long.parseLong(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--dir" -> base = Path.of(args[++i]);
        case "--out" -> out = Path.of(args[++i]);
        case "--skopeo" -> skopeo = args[++i];
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    CryptoProviders.install();
    long size = sizeMib << 20;
    FileStore store = Files.getFileStore(base);
    long needed = (2L * runs + 3) * sizeMib;
    if (store.getUsableSpace() >> 20 < needed) {
      throw new IOException(base + " has " + (store.getUsableSpace() >> 20) + " MiB free; need " + needed);
    }
    Path work = Files.createTempDirectory(base, "layercrypt-bench");
    try {
      ObjectNode report = run(work, size, runs, skopeo);
      String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
      System.out.println(json);
      Files.createDirectories(out.toAbsolutePath().getParent());
      Files.writeString(out, json + "\n");
      System.err.println("layer crypt bench: wrote " + out);
    } finally {
      deleteTree(work);
    }
  }

  static ObjectNode run(Path work, long size, int runs, String skopeo) throws Exception {
    ObjectNode report = JsonNodeFactory.instance.objectNode();
    report.put("benchmark", "layer-decrypt");
    report.put("layerBytes", size);
    report.put("directory", work.getParent().toString());
    report.put("cryptoProvider", CryptoProviders.active());
    report.put("cpus", Runtime.getRuntime().availableProcessors());
    report.put("loadAverageAtStart", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    report.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    report.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    KeyPair rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair();
    Path key = work.resolve("rsa.key");
    Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(rsa.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    OciLayout plain = plainImage(work.resolve("plain"), size);
    OciLayout enc = OciLayout.create(work.resolve("enc"));
    long t0 = System.nanoTime();
    new ImageEncryptor(new LayerEncryptor(List.of(JweRecipient.of(rsa.getPublic())), new SecureRandom()),
        LayerSelection.all()).encrypt(plain, "v1", enc, "v1");
    report.put("oursEncryptMBps", mbps(size, System.nanoTime() - t0));
    Descriptor original = plain.resolve("v1").orElseThrow();
    Path encBlob = enc.blobPath(((ImageManifest) enc.readManifest(enc.resolve("v1").orElseThrow())).layers().get(0).digest());
    deleteTree(plain.dir());

    ImageDecryptor decryptor = new ImageDecryptor(new LayerDecryptor(List.of(new JweKeyResolver(List.of(rsa.getPrivate())))));
    ArrayNode ours = report.putArray("oursMBps");
    ArrayNode skopeoRuns = report.putArray("skopeoMBps");
    ArrayNode hmac = report.putArray("hmacMBps");
    // CPU seconds per run: under machine load wall-clock ratios mostly measure the scheduler.
    ArrayNode oursCpu = report.putArray("oursCpuSeconds");
    ArrayNode oursSys = report.putArray("oursKernelCpuSeconds");
    ArrayNode skopeoCpu = report.putArray("skopeoCpuSeconds");
    ArrayNode hmacCpu = report.putArray("hmacCpuSeconds");
    for (int r = 0; r < runs; r++) {
      Path dest = work.resolve("ours-" + r);
      settle();
      long t = System.nanoTime();
      long cpu = processCpuNanos();
      long sys = kernelTicks();
      Descriptor restored = decryptor.decrypt(enc, "v1", OciLayout.create(dest), "v1");
      ours.add(mbps(size, System.nanoTime() - t));
      oursCpu.add(round((processCpuNanos() - cpu) / 1e9));
      oursSys.add(round((kernelTicks() - sys) / 100.0));
      check(restored.digest().equals(original.digest()), "our decryption did not restore the manifest");

      Path sk = work.resolve("skopeo-" + r);
      settle();
      t = System.nanoTime();
      double[] usage = skopeo(skopeo, work, key, enc.dir(), sk);
      skopeoRuns.add(mbps(size, System.nanoTime() - t));
      skopeoCpu.add(round(usage[1]));
      check(OciLayout.open(sk).resolve("v1").orElseThrow().digest().equals(original.digest()),
          "skopeo did not restore the manifest");
      report.put("skopeoPeakRssKiB", Math.max(report.path("skopeoPeakRssKiB").asLong(), (long) usage[0]));

      settle();
      t = System.nanoTime();
      cpu = processCpuNanos();
      hmacFile(encBlob);
      hmac.add(mbps(size, System.nanoTime() - t));
      hmacCpu.add(round((processCpuNanos() - cpu) / 1e9));
    }
    report.put("oursMBperCpuSecond", round(size / 1e6 / min(oursCpu)));
    report.put("skopeoMBperCpuSecond", round(size / 1e6 / min(skopeoCpu)));
    report.put("hmacMBperCpuSecond", round(size / 1e6 / min(hmacCpu)));
    double bestOurs = best(ours);
    report.put("bestOursMBps", bestOurs);
    report.put("bestSkopeoMBps", best(skopeoRuns));
    report.put("bestHmacMBps", best(hmac));
    report.put("oursOverSkopeo", round(bestOurs / best(skopeoRuns)));
    report.put("oursOverHmac", round(bestOurs / best(hmac)));
    report.put("oursPeakRssKiB", vmHwmKb());
    report.put("loadAverageAtEnd", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return report;
  }

  /**
   * Flushes dirty pages before a timed phase, so one run's writeback (and, on a filesystem mounted
   * with {@code discard}, file deletion) does not land in the next run's time. Outputs are kept
   * until the end for the same reason.
   */
  static void settle() throws Exception {
    Process p = new ProcessBuilder("sync").inheritIO().start();
    check(p.waitFor(300, TimeUnit.SECONDS), "sync did not finish");
  }

  /** A one-layer image whose layer is {@code size} random bytes typed tar+gzip (never decompressed). */
  static OciLayout plainImage(Path dir, long size) throws Exception {
    OciLayout layout = OciLayout.create(dir);
    Path tmp = dir.resolve("layer.tmp");
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    SplittableRandom random = new SplittableRandom(42);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(tmp)) {
      for (long done = 0; done < size; done += buf.length) {
        int n = (int) Math.min(buf.length, size - done);
        for (int i = 0; i < n; i += 8) {
          long v = random.nextLong();
          for (int j = 0; j < 8 && i + j < n; j++) {
            buf[i + j] = (byte) (v >>> (8 * j));
          }
        }
        sha.update(buf, 0, n);
        out.write(buf, 0, n);
      }
    }
    String digest = "sha256:" + Hex.encode(sha.digest());
    Descriptor layer = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, dev.claviger.image.oci.Digest.parse(digest), size);
    try (var in = Files.newInputStream(tmp)) {
      layout.writeBlob(layer, in);
    }
    Files.delete(tmp);
    byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + digest + "\"]}}").getBytes(StandardCharsets.UTF_8);
    Descriptor configDesc = layout.writeBlob(MediaTypes.OCI_CONFIG, config);
    ImageManifest manifest = ImageManifest.create(MediaTypes.OCI_MANIFEST, configDesc, List.of(layer), java.util.Map.of());
    layout.tag("v1", layout.writeBlob(manifest.mediaType(), manifest.bytes()));
    return layout;
  }

  /** Runs skopeo under /usr/bin/time and returns {peak RSS KiB, user+system CPU seconds}. */
  static double[] skopeo(String skopeo, Path work, Path key, Path src, Path dest) throws Exception {
    Path policy = work.resolve("policy.json");
    Files.writeString(policy, "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
    Path rss = work.resolve("skopeo.rss");
    List<String> cmd = new ArrayList<>();
    check(Files.isExecutable(Path.of("/usr/bin/time")), "needs /usr/bin/time (Debian package time)");
    cmd.addAll(List.of("/usr/bin/time", "-f", "%M %U %S", "-o", rss.toString()));
    cmd.addAll(List.of(skopeo, "--policy", policy.toString(), "copy", "-q", "--decryption-key", key.toString(),
        "oci:" + src + ":v1", "oci:" + dest + ":v1"));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("HOME", work.toString());
    pb.environment().put("TMPDIR", work.toString());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    check(p.waitFor(600, TimeUnit.SECONDS) && p.exitValue() == 0, "skopeo failed: " + output);
    String[] f = Files.readString(rss).strip().split("\\s+");
    return new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1]) + Double.parseDouble(f[2])};
  }

  /** The HMAC floor: the JVM's HmacSHA256 over the file, read sequentially in 1 MiB buffers. */
  static byte[] hmacFile(Path file) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    try (SecretBytes key = SecretBytes.random(32, new SecureRandom())) {
      mac.init(key.toSecretKey("HmacSHA256"));
    }
    ByteBuffer buf = ByteBuffer.allocate(1 << 20);
    try (FileChannel ch = FileChannel.open(file)) {
      while (ch.read(buf) >= 0) {
        buf.flip();
        for (int off = 0; off < buf.limit(); off += 16 * 1024) {
          mac.update(buf.array(), off, Math.min(16 * 1024, buf.limit() - off));
        }
        buf.clear();
      }
    }
    return mac.doFinal();
  }

  static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** stime of this process in clock ticks (USER_HZ = 100 on Linux). */
  static long kernelTicks() throws IOException {
    String stat = Files.readString(Path.of("/proc/self/stat"));
    return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[12]);
  }

  static double min(ArrayNode values) {
    double min = Double.MAX_VALUE;
    for (var v : values) {
      min = Math.min(min, v.asDouble());
    }
    return min;
  }

  static long vmHwmKb() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  static double mbps(long bytes, long nanos) {
    return round(bytes / 1e6 / (nanos / 1e9));
  }

  static double best(ArrayNode values) {
    double best = 0;
    for (var v : values) {
      best = Math.max(best, v.asDouble());
    }
    return best;
  }

  static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
