package dev.claviger.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Process start to first secret: {@code claviger agent get-resource} as a fresh JVM (full RCAR
 * handshake, P-256 key, sample evidence), timed from {@code ProcessBuilder.start()} until the
 * process has exited with the secret on stdout.
 */
final class AgentFootprintColdStart {
  private AgentFootprintColdStart() {}

  static ObjectNode measure(AgentFootprint.Options options, URI kbs, Path work) throws Exception {
    ObjectNode result = JsonNodeFactory.instance.objectNode();
    result.put("command", "claviger agent get-resource --url <kbs> " + AgentFootprint.RESOURCE);
    result.put("runs", options.coldRuns);
    // bin/agent's flags for a one-shot command: C1, since start-up time counts more than memory.
    List<String> base = AgentFootprint.concat(AgentFootprint.BASE_FLAGS, AgentFootprint.C1_FLAGS);
    result.set("withoutCds", series(options, kbs, base, false));
    Path archive = work.resolve("get-resource.jsa");
    List<String> cds = AgentFootprint.concat(base, AgentFootprint.cds(archive));
    run(options, kbs, cds); // creates the archive; not measured
    result.set("withCds", series(options, kbs, cds, true));
    return result;
  }

  private static ObjectNode series(AgentFootprint.Options options, URI kbs, List<String> flags, boolean cds)
      throws Exception {
    long[] millis = new long[options.coldRuns];
    for (int i = 0; i < millis.length; i++) {
      millis[i] = run(options, kbs, flags);
    }
    ArrayNode all = JsonNodeFactory.instance.arrayNode();
    Arrays.stream(millis).forEach(all::add);
    long[] sorted = millis.clone();
    Arrays.sort(sorted);
    ObjectNode series = JsonNodeFactory.instance.objectNode();
    series.put("flags", String.join(" ", flags));
    series.put("cds", cds);
    series.put("medianMs", AgentFootprintDaemon.percentile(sorted, 0.5));
    series.put("minMs", sorted[0]);
    series.put("maxMs", sorted[sorted.length - 1]);
    series.set("runsMs", all);
    System.err.println("cold start " + (cds ? "with" : "without") + " CDS: " + series);
    return series;
  }

  private static long run(AgentFootprint.Options options, URI kbs, List<String> flags) throws Exception {
    List<String> command = new ArrayList<>(List.of(AgentFootprint.java().toString()));
    command.addAll(flags);
    command.addAll(options.agentCommand());
    command.addAll(List.of("get-resource",
        "--url", kbs.toString(), AgentFootprint.RESOURCE.toString()));
    long t0 = System.nanoTime();
    Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("get-resource did not finish in 60 s");
    }
    long elapsed = (System.nanoTime() - t0) / 1_000_000;
    if (process.exitValue() != 0 || !Arrays.equals(out, AgentFootprint.SECRET)) {
      throw new IllegalStateException("get-resource exited " + process.exitValue() + " with "
          + new String(out, StandardCharsets.UTF_8));
    }
    return elapsed;
  }
}
