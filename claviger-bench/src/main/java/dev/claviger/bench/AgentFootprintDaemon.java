package dev.claviger.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One {@code claviger agent serve} JVM: RSS and local-API latency. */
final class AgentFootprintDaemon {
  private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
  /** Fetches before this index warm the agent up and are not in the warm statistics. */
  private static final int WARMUP_FETCHES = 100;
  private static final Set<String> STATUS_KEYS = Set.of("VmRSS", "RssAnon", "RssFile", "RssShmem", "Threads");

  private AgentFootprintDaemon() {}

  static ObjectNode measure(AgentFootprint.Options options, URI kbs, AgentFootprintProfile profile, int fetches)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(AgentFootprint.java().toString()));
    command.addAll(profile.flags());
    command.addAll(profile.agentCommand(options));
    command.addAll(List.of("serve",
        "--kbs", kbs.toString(), "--listen", "127.0.0.1:0", "--tee", "sample"));
    Path log = Files.createTempFile("agent-serve", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
    builder.environment().putAll(profile.env());
    Process process = builder.start();
    try {
      int port = awaitPort(process, log);
      Thread.sleep(2000);
      Map<String, Long> idle = status(process.pid());
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpRequest request = HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/cdh/resource/" + AgentFootprint.RESOURCE)).build();
      long[] nanos = new long[fetches];
      long afterFirstKb = -1;
      for (int i = 0; i < fetches; i++) {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> reply = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        nanos[i] = System.nanoTime() - t0;
        if (reply.statusCode() != 200 || !Arrays.equals(reply.body(), AgentFootprint.SECRET)) {
          throw new IllegalStateException("fetch " + i + " answered " + reply.statusCode() + ": "
              + new String(reply.body(), StandardCharsets.UTF_8));
        }
        if (i == 0) {
          afterFirstKb = status(process.pid()).get("VmRSS");
        }
      }
      Map<String, Long> after = status(process.pid());
      ObjectNode result = report(profile, fetches, idle.get("VmRSS"), afterFirstKb, after.get("VmRSS"), nanos);
      // Idle again: what a guest sees between bursts, once the native-heap trimmer has run.
      Thread.sleep(2000);
      result.put("rssAfterFetchesIdleMiB", status(process.pid()).get("VmRSS") / 1024.0);
      result.set("statusIdleKiB", Json.mapper().valueToTree(idle));
      result.set("statusAfterKiB", Json.mapper().valueToTree(after));
      result.set("mappingsAfterKiB", Json.mapper().valueToTree(mappings(process.pid(), 12)));
      result.set("threadsAfter", Json.mapper().valueToTree(threadNames(process.pid())));
      result.put("stderrLines", Files.readAllLines(log, StandardCharsets.UTF_8).size());
      if (profile.flags().stream().anyMatch(f -> f.startsWith("-XX:NativeMemoryTracking="))) {
        result.put("nativeMemory", jcmd(process.pid(), "VM.native_memory", "summary"));
      }
      return result;
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
      Files.deleteIfExists(log);
    }
  }

  private static ObjectNode report(AgentFootprintProfile profile, int fetches, long idleKb, long afterFirstKb, long afterAllKb,
      long[] nanos) {
    long[] warm = Arrays.copyOfRange(nanos, WARMUP_FETCHES, nanos.length);
    Arrays.sort(warm);
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("flags", profile.describe());
    result.put("rssIdleMiB", idleKb / 1024.0);
    result.put("rssAfterFirstFetchMiB", afterFirstKb / 1024.0);
    result.put("rssAfterFetchesMiB", afterAllKb / 1024.0);
    result.put("fetches", fetches);
    result.put("firstFetchMs", nanos[0] / 1e6);
    result.put("warmSamples", warm.length);
    result.put("warmMedianMs", percentile(warm, 0.50) / 1e6);
    result.put("warmP99Ms", percentile(warm, 0.99) / 1e6);
    result.put("warmMaxMs", warm[warm.length - 1] / 1e6);
    return result;
  }

  static long percentile(long[] sorted, double p) {
    int index = (int) Math.ceil(p * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  /** Reads the serve command's stdout until it names its port (stdout is then drained). */
  private static int awaitPort(Process process, Path log) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
      try {
        for (String line; (line = out.readLine()) != null; ) {
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            Thread.ofVirtual().start(() -> drain(out));
            return Integer.parseInt(m.group(1));
          }
        }
        return -1;
      } catch (IOException e) {
        return -1;
      }
    });
    int value = port.get(60, TimeUnit.SECONDS);
    if (value < 0) {
      throw new IllegalStateException("agent serve did not start: " + Files.readString(log));
    }
    return value;
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // discard
      }
    } catch (IOException e) {
      // process gone
    }
  }

  /** VmRSS and its split (anonymous, file-backed such as CDS archives and jars, shared), in KiB, and the thread count. */
  static Map<String, Long> status(long pid) throws IOException {
    Map<String, Long> values = new LinkedHashMap<>();
    try (Stream<String> lines = Files.lines(Path.of("/proc/" + pid + "/status"))) {
      lines.forEach(line -> {
        int colon = line.indexOf(':');
        String key = colon < 0 ? "" : line.substring(0, colon);
        if (STATUS_KEYS.contains(key)) {
          values.put(key, Long.parseLong(line.substring(colon + 1).replaceAll("[^0-9]", "")));
        }
      });
    }
    if (!values.containsKey("VmRSS")) {
      throw new IOException("no VmRSS for pid " + pid);
    }
    return values;
  }

  /**
   * Resident KiB per mapped file ({@code /proc/<pid>/smaps}; anonymous mappings together as
   * {@code [anon]}), the largest {@code limit}: where RSS goes (JVM library, CDS archives, jimage).
   */
  static Map<String, Long> mappings(long pid, int limit) throws IOException {
    Map<String, Long> byName = new java.util.HashMap<>();
    String name = "[anon]";
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps"), StandardCharsets.UTF_8)) {
      String[] fields = line.trim().split("\\s+");
      if (fields.length >= 5 && fields[0].matches("[0-9a-f]+-[0-9a-f]+")) {
        name = fields.length >= 6 ? fields[5] : "[anon]";
      } else if (fields.length >= 2 && fields[0].equals("Rss:")) {
        byName.merge(name, Long.parseLong(fields[1]), Long::sum);
      }
    }
    Map<String, Long> top = new LinkedHashMap<>();
    byName.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(limit)
        .forEach(e -> top.put(e.getKey(), e.getValue()));
    return top;
  }

  /** Thread names ({@code /proc/<pid>/task/<tid>/comm}, truncated to 15 bytes by the kernel), counted. */
  static Map<String, Integer> threadNames(long pid) throws IOException {
    Map<String, Integer> names = new java.util.TreeMap<>();
    try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
      for (Path task : tasks.toList()) {
        try {
          names.merge(Files.readString(task.resolve("comm")).strip().replaceAll("\\d+$", "#"), 1, Integer::sum);
        } catch (IOException e) {
          // the thread ended while listing
        }
      }
    }
    return names;
  }

  private static String jcmd(long pid, String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
        Long.toString(pid)));
    args.addAll(List.of(command));
    Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
    String text = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jcmd.waitFor(60, TimeUnit.SECONDS);
    return text;
  }
}
