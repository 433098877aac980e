package dev.claviger.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One way of running the agent JVM: JVM flags, environment, and class-path entries left out.
 * Parsed from {@code NAME=TOKENS}: a token starting with {@code -} is a JVM flag, {@code +cds}
 * adds an application CDS archive private to the profile, {@code env:NAME=VALUE} sets an
 * environment variable (e.g. {@code env:MALLOC_ARENA_MAX=2}), and {@code drop:TEXT} removes
 * every class-path entry containing TEXT (e.g. {@code drop:logback}).
 */
record AgentFootprintProfile(String name, List<String> flags, Map<String, String> env, List<String> dropped) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.+-]{1,40}");
  private static final Pattern ENV = Pattern.compile("[A-Z_][A-Z0-9_]{0,63}=.*");

  AgentFootprintProfile {
    flags = List.copyOf(flags);
    env = Map.copyOf(env);
    dropped = List.copyOf(dropped);
  }

  static AgentFootprintProfile parse(String spec, Path work) {
    int eq = spec.indexOf('=');
    if (eq <= 0 || !NAME.matcher(spec.substring(0, eq)).matches()) {
      throw new IllegalArgumentException("--profile needs NAME=TOKENS with a short NAME, got '" + spec + "'");
    }
    String name = spec.substring(0, eq);
    List<String> flags = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    List<String> dropped = new ArrayList<>();
    for (String token : spec.substring(eq + 1).trim().split("\\s+")) {
      if (token.isEmpty()) {
        continue;
      }
      if (token.equals("+cds")) {
        flags.addAll(AgentFootprint.cds(work.resolve(name + ".jsa")));
      } else if (token.startsWith("env:") && ENV.matcher(token.substring(4)).matches()) {
        String kv = token.substring(4);
        env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      } else if (token.startsWith("drop:") && token.length() > 5) {
        dropped.add(token.substring(5));
      } else if (token.startsWith("-")) {
        flags.add(token);
      } else {
        throw new IllegalArgumentException("--profile " + name + ": unknown token '" + token
            + "' (JVM flag, +cds, env:NAME=VALUE, drop:TEXT)");
      }
    }
    return new AgentFootprintProfile(name, flags, env, dropped);
  }

  /** The class path without the dropped entries; a drop that matches nothing is an error. */
  String classpath(String classpath) {
    List<String> entries = new ArrayList<>(Arrays.asList(classpath.split(java.io.File.pathSeparator)));
    for (String drop : dropped) {
      if (!entries.removeIf(e -> e.contains(drop))) {
        throw new IllegalArgumentException("profile " + name + ": drop:" + drop + " matches no class-path entry");
      }
    }
    return String.join(java.io.File.pathSeparator, entries);
  }

  /** {@code [-cp, <class path>, main class]} for this profile. */
  List<String> agentCommand(AgentFootprint.Options options) {
    List<String> command = new ArrayList<>(options.agentCommand());
    if (!dropped.isEmpty()) {
      command.set(1, classpath(command.get(1)));
    }
    return command;
  }

  String describe() {
    StringBuilder text = new StringBuilder(String.join(" ", flags));
    env.forEach((k, v) -> text.append(" env:").append(k).append('=').append(v));
    dropped.forEach(d -> text.append(" drop:").append(d));
    return text.toString().trim();
  }
}
