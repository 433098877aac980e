package dev.claviger.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.agent.ResourcePath;
import dev.claviger.core.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Footprint and latency of the guest agent as a separate JVM, against an in-process
 * {@code claviger server}:
 * <ul>
 *   <li>{@code claviger agent serve} per JVM flag profile: RSS ({@code VmRSS}) at idle, after the
 *       first fetch and after N fetches of {@code /cdh/resource/...} through the local REST API;
 *       first-fetch latency (includes the RCAR handshake) and warm latency (median, p99, max);
 *   <li>cold start: {@code claviger agent get-resource} as a fresh JVM, process start to secret on
 *       stdout, with and without an application class-data-sharing archive.
 * </ul>
 * JSON on stdout and in {@code claviger-bench/target/agent-footprint.json} (or {@code --out}).
 */
public final class AgentFootprint {
  static final ResourcePath RESOURCE = ResourcePath.parse("bench/key/agent");
  static final byte[] SECRET = "agent-footprint-secret-012345678".getBytes(StandardCharsets.UTF_8);
  /**
   * {@code bin/agent}'s flags shared by every profile: a small serial-GC heap, small stacks, native
   * heap trimmed, the stderr SLF4J binding instead of logback.
   */
  static final List<String> BASE_FLAGS = List.of("-XX:+UseSerialGC", "-Xss256k", "-Xms6m", "-Xmn2m", "-Xmx16m", "-XX:-UsePerfData",
      "-XX:TrimNativeHeapInterval=1000", "--enable-native-access=ALL-UNNAMED",
      "-Dslf4j.provider=dev.claviger.cli.agentmain.StderrLoggingProvider", "-Dslf4j.internal.verbosity=WARN");
  /** {@code CLAVIGER_AGENT_JIT=c1}. */
  static final List<String> C1_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1",
      "-XX:ReservedCodeCacheSize=16m", "-XX:CompileThresholdScaling=10");

  private AgentFootprint() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Path work = Files.createTempDirectory("claviger-agent-footprint");
    try (BenchTarget target = BenchTarget.inProcess()) {
      target.seed(RESOURCE, SECRET);
      ObjectNode report = JsonNodeFactory.instance.objectNode();
      report.put("benchmark", "agent-footprint");
      report.put("target", target.description());
      report.put("agentClasspath", options.agentCommand().get(1));
      report.put("fetches", options.fetches);
      report.put("cpus", Runtime.getRuntime().availableProcessors());
      report.put("loadAverageAtStart", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      report.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
      report.set("goals", Json.mapper().valueToTree(Map.of("rssMiB", 64, "coldStartMs", 1500, "warmMs", 5)));
      ArrayNode daemons = report.putArray("daemon");
      List<AgentFootprintProfile> profiles = options.profiles.isEmpty()
          ? defaultProfiles(work)
          : options.profiles.stream().map(spec -> AgentFootprintProfile.parse(spec, work)).toList();
      for (AgentFootprintProfile profile : profiles) {
        // First run of a profile only creates its CDS archive; the measured run maps it.
        if (!options.quick) {
          AgentFootprintDaemon.measure(options, target.url(), profile, 200);
        }
        ObjectNode result = AgentFootprintDaemon.measure(options, target.url(), profile, options.fetches);
        result.put("profile", profile.name());
        daemons.add(result);
        System.err.println("agent daemon " + profile.name() + ": " + result);
      }
      if (!options.daemonOnly) {
        report.set("directClientBaseline", directBaseline(target, options.fetches));
        report.set("coldStart", AgentFootprintColdStart.measure(options, target.url(), work));
      }
      report.put("loadAverageAtEnd", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      String json = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report);
      System.out.println(json);
      Files.createDirectories(options.out.toAbsolutePath().getParent());
      Files.writeString(options.out, json + "\n");
      System.err.println("agent footprint: wrote " + options.out);
    } finally {
      try (var paths = Files.walk(work)) {
        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /**
   * The same cookie-mode fetch by an in-process {@code KbsClient} (no agent process, no local API):
   * the server's and the network's share of a warm fetch, to read the daemon numbers against.
   */
  static ObjectNode directBaseline(BenchTarget target, int fetches) throws Exception {
    dev.claviger.agent.KbsClient client =
        dev.claviger.agent.KbsClient.builder(target.url(), new dev.claviger.agent.SampleAttester()).build();
    long[] nanos = new long[fetches];
    for (int i = 0; i < fetches; i++) {
      long t0 = System.nanoTime();
      try (dev.claviger.core.SecretBytes secret = client.getResource(RESOURCE)) {
        if (!secret.contentEquals(SECRET)) {
          throw new IllegalStateException("wrong secret");
        }
      }
      nanos[i] = System.nanoTime() - t0;
    }
    long[] warm = Arrays.copyOfRange(nanos, 100, nanos.length);
    Arrays.sort(warm);
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("warmMedianMs", AgentFootprintDaemon.percentile(warm, 0.5) / 1e6);
    result.put("warmP99Ms", AgentFootprintDaemon.percentile(warm, 0.99) / 1e6);
    System.err.println("direct KbsClient baseline: " + result);
    return result;
  }

  /** {@code bin/agent} (interpreter) and {@code CLAVIGER_AGENT_JIT=c1}, both with an application CDS archive. */
  static List<AgentFootprintProfile> defaultProfiles(Path work) {
    return List.of(
        new AgentFootprintProfile("xint+cds", concat(BASE_FLAGS, List.of("-Xint"), cds(work.resolve("serve-xint.jsa"))),
            Map.of(), List.of()),
        new AgentFootprintProfile("c1+cds", concat(BASE_FLAGS, C1_FLAGS, cds(work.resolve("serve-c1.jsa"))), Map.of(),
            List.of()));
  }

  static List<String> cds(Path archive) {
    return List.of("-XX:SharedArchiveFile=" + archive, "-XX:+AutoCreateSharedArchive", "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
  }

  @SafeVarargs
  static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    Arrays.stream(parts).forEach(all::addAll);
    return all;
  }

  /** Command-line options. */
  static final class Options {
    Path cliJar = Path.of("claviger-cli/target/claviger.jar");
    /** A class path with only the agent's jars; then the agent runs from {@code AgentCommand}. */
    String agentClasspath;
    /** Main class with {@code --agent-classpath}: {@code bin/agent}'s entry point by default. */
    String agentMain = "dev.claviger.cli.agentmain.AgentMain";
    int fetches = 1000;
    int coldRuns = 5;
    boolean quick;
    /** Measure only the daemon profiles: no in-process baseline, no cold start. */
    boolean daemonOnly;
    /** {@code NAME=TOKENS} specs (see {@link AgentFootprintProfile}); empty means the defaults. */
    final List<String> profiles = new ArrayList<>();
    Path out = Path.of("claviger-bench/target/agent-footprint.json");

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--cli-jar" -> o.cliJar = Path.of(require(args[i], value));
          case "--agent-classpath" -> o.agentClasspath = require(args[i], value);
          case "--agent-main" -> o.agentMain = require(args[i], value);
          case "--fetches" -> o.fetches = Integer.parseInt(require(args[i], value));
          case "--cold-runs" -> o.coldRuns = Integer.parseInt(require(args[i], value));
          case "--out" -> o.out = Path.of(require(args[i], value));
          case "--profile" -> o.profiles.add(require(args[i], value));
          case "--quick" -> {
            o.quick = true;
            continue;
          }
          case "--daemon-only" -> {
            o.daemonOnly = true;
            continue;
          }
          default -> throw new IllegalArgumentException("unknown option " + args[i]
              + " (--cli-jar FILE, --agent-classpath CP, --agent-main CLASS, --fetches N, --cold-runs N, --profile NAME=TOKENS,"
              + " --daemon-only, --quick, --out FILE)");
        }
        i++;
      }
      if (!Files.isRegularFile(o.cliJar)) {
        throw new IllegalArgumentException(o.cliJar + " not found; build it with mvn -q -B install -DskipTests");
      }
      if (o.fetches < 200 || o.coldRuns < 1) {
        throw new IllegalArgumentException("need --fetches >= 200 and --cold-runs >= 1");
      }
      return o;
    }

    private static String require(String option, String value) {
      if (value == null) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return value;
    }

    /** {@code -cp <jar> <main class> [agent]}: what precedes the agent subcommand's name. */
    List<String> agentCommand() {
      return agentClasspath == null
          ? List.of("-cp", cliJar.toString(), "dev.claviger.cli.Main", "agent")
          : List.of("-cp", agentClasspath, agentMain);
    }
  }

  static Path java() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }
}
