package dev.claviger.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.KbsClient;
import dev.claviger.agent.ResourcePath;
import dev.claviger.agent.RetryPolicy;
import dev.claviger.agent.SampleAttester;
import dev.claviger.agent.TeeKeySpec;
import dev.claviger.core.Json;
import dev.claviger.core.SecretBytes;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * End-to-end load driver: full RCAR handshakes (auth + attest + resource, fresh TEE key each) with
 * 1, 8 and 64 concurrent clients for a fixed time each, against an in-process
 * {@code claviger server} (default) or a running one ({@code --url} + {@code --admin-token}).
 *
 * <p>Writes JSON to stdout and {@code claviger-bench/target/handshake.json} (or {@code --out}).
 * In-process, client and server share the JVM and the CPUs, so the numbers are a lower bound for
 * the server alone.
 */
public final class HandshakeLoad {
  static final ResourcePath RESOURCE = ResourcePath.parse("bench/key/one");
  static final byte[] SECRET = "claviger-bench-secret-0123456789".getBytes(StandardCharsets.UTF_8);

  private HandshakeLoad() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    try (BenchTarget target = options.url != null
        ? BenchTarget.external(options.url, options.adminToken, options.serverPid)
        : options.forkJar != null ? BenchTarget.forked(options.forkJar) : BenchTarget.inProcess()) {
      target.seed(RESOURCE, SECRET);
      ObjectNode report = run(target, options);
      String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
      System.out.println(json);
      Files.createDirectories(options.out.toAbsolutePath().getParent());
      Files.writeString(options.out, json + "\n");
      System.err.println("handshake load: wrote " + options.out);
    }
  }

  static ObjectNode run(BenchTarget target, Options options) throws Exception {
    ObjectNode report = JsonNodeFactory.instance.objectNode();
    report.put("benchmark", "rcar-handshake");
    report.put("target", target.description());
    report.put("keyType", options.keySpec.cliName());
    report.put("secondsPerLevel", options.seconds);
    report.put("warmupSeconds", options.warmup);
    report.put("cpus", Runtime.getRuntime().availableProcessors());
    report.put("loadAverageAtStart", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    report.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
    ArrayNode levels = report.putArray("levels");
    boolean first = true;
    for (int clients : options.clients) {
      // The JIT needs tens of seconds of this mixed workload; later levels reuse the warm code.
      runLevel(target, options, clients, first ? options.warmup : Math.min(options.warmup, 5));
      first = false;
      LoadLevel level = runLevel(target, options, clients, options.seconds);
      System.err.printf("clients=%d handshakes/s=%.1f p50=%.2fms p99=%.2fms errors=%d rss=%dKiB cpu/handshake=%.2fms%s%n",
          clients, level.handshakesPerSecond(), level.p50Ms(), level.p99Ms(), level.errors(), level.serverRssKb(),
          level.cpuMsPerHandshake(), level.serverCpuMsPerHandshake() < 0 ? ""
              : String.format(" server-cpu/handshake=%.2fms", level.serverCpuMsPerHandshake()));
      levels.add(toJson(level));
    }
    return report;
  }

  static LoadLevel runLevel(BenchTarget target, Options options, int clients, double seconds) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10)).build();
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    List<long[]> perThread = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    AtomicReference<String> firstError = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(clients);
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    double serverCpuStart = target.serverCpuSeconds();
    for (int i = 0; i < clients; i++) {
      LatencyBuffer buffer = new LatencyBuffer();
      Thread t = Thread.ofPlatform().name("bench-client-" + i).start(() -> {
        try {
          while (System.nanoTime() < deadline) {
            long t0 = System.nanoTime();
            try (SecretBytes secret = handshake(target.url(), http, options.keySpec)) {
              if (!secret.contentEquals(SECRET)) {
                throw new IllegalStateException("wrong secret");
              }
              buffer.add(System.nanoTime() - t0);
            } catch (Exception e) {
              errors.incrementAndGet();
              firstError.compareAndSet(null, e.toString());
            }
          }
        } finally {
          synchronized (perThread) {
            perThread.add(buffer.toArray());
          }
          done.countDown();
        }
      });
      threads.add(t);
    }
    done.await();
    double elapsed = (System.nanoTime() - start) / 1e9;
    long cpuEnd = processCpuNanos();
    double cpuSeconds = cpuStart < 0 || cpuEnd < 0 ? -1 : (cpuEnd - cpuStart) / 1e9;
    double serverCpuEnd = target.serverCpuSeconds();
    double serverCpu = serverCpuStart < 0 || serverCpuEnd < 0 ? -1 : serverCpuEnd - serverCpuStart;
    long[] all = perThread.stream().flatMapToLong(java.util.Arrays::stream).toArray();
    http.close();
    return LoadLevel.of(clients, elapsed, all, errors.get(), target.serverRssKb(), cpuSeconds, serverCpu,
        firstError.get());
  }

  /** CPU time of this JVM: robust to other load on the machine, unlike wall-clock throughput. */
  private static long processCpuNanos() {
    if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return -1;
  }

  /** One guest's whole handshake: fresh key pair, auth, attest, resource, decrypt. */
  static SecretBytes handshake(URI url, HttpClient http, TeeKeySpec spec) throws Exception {
    KbsClient client = KbsClient.builder(url, new SampleAttester())
        .httpClient(http)
        .keySpec(spec)
        .retryPolicy(RetryPolicy.none())
        .build();
    return client.getResource(RESOURCE);
  }

  private static ObjectNode toJson(LoadLevel level) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("clients", level.clients());
    node.put("seconds", round(level.seconds()));
    node.put("handshakes", level.handshakes());
    node.put("handshakesPerSecond", round(level.handshakesPerSecond()));
    node.put("p50Ms", round(level.p50Ms()));
    node.put("p99Ms", round(level.p99Ms()));
    node.put("maxMs", round(level.maxMs()));
    node.put("errors", level.errors());
    node.put("serverRssKb", level.serverRssKb());
    node.put("processCpuMsPerHandshake", round(level.cpuMsPerHandshake()));
    if (level.serverCpuSeconds() >= 0) {
      node.put("serverCpuMsPerHandshake", round(level.serverCpuMsPerHandshake()));
    }
    if (level.firstError() != null) {
      node.put("firstError", level.firstError());
    }
    return node;
  }

  private static double round(double v) {
    return Math.round(v * 100) / 100.0;
  }

  /** Growable primitive buffer: the hot loop must not box. */
  private static final class LatencyBuffer {
    private long[] values = new long[4096];
    private int size;

    void add(long v) {
      if (size == values.length) {
        values = java.util.Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long[] toArray() {
      return java.util.Arrays.copyOf(values, size);
    }
  }

  /** Command-line options. */
  static final class Options {
    URI url;
    Path adminToken;
    Long serverPid;
    double seconds = 10;
    double warmup = 20;
    int[] clients = {1, 8, 64};
    TeeKeySpec keySpec = TeeKeySpec.EC_P256;
    Path out = Path.of("claviger-bench", "target", "handshake.json");
    Path forkJar;

    static Options parse(String[] args) throws IOException {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--url" -> o.url = URI.create(require(args[i], value));
          case "--admin-token" -> o.adminToken = Path.of(require(args[i], value));
          case "--server-pid" -> o.serverPid = Long.parseLong(require(args[i], value));
          case "--seconds" -> o.seconds = Double.parseDouble(require(args[i], value));
          case "--warmup" -> o.warmup = Double.parseDouble(require(args[i], value));
          case "--clients" -> o.clients = java.util.Arrays.stream(require(args[i], value).split(","))
              .mapToInt(Integer::parseInt).toArray();
          case "--key-type" -> o.keySpec = TeeKeySpec.fromCliName(require(args[i], value));
          case "--out" -> o.out = Path.of(require(args[i], value));
          case "--fork-server" -> o.forkJar = Path.of(require(args[i], value));
          default -> throw new IllegalArgumentException("unknown option " + args[i]
              + " (options: --url URL --admin-token FILE [--server-pid PID] --seconds N --warmup N"
              + " --clients 1,8,64 --key-type ec-p256 --out FILE --fork-server claviger.jar)");
        }
        i++;
      }
      if ((o.url == null) != (o.adminToken == null)) {
        throw new IllegalArgumentException("--url and --admin-token go together");
      }
      return o;
    }

    private static String require(String option, String value) {
      if (value == null) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return value;
    }
  }
}
