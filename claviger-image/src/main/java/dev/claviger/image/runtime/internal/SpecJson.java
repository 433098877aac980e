package dev.claviger.image.runtime.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claviger.core.Json;
import dev.claviger.image.runtime.RuntimeSpec;
import java.util.List;
import java.util.TreeSet;

/** Renders a {@link RuntimeSpec} as OCI runtime-spec 1.0.2 JSON, in {@code runc spec} order. */
public final class SpecJson {
  private static final String OCI_VERSION = "1.0.2";
  private static final List<String> MASKED = List.of("/proc/acpi", "/proc/asound", "/proc/kcore",
      "/proc/keys", "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
      "/proc/sched_debug", "/sys/firmware", "/proc/scsi");
  private static final List<String> READONLY = List.of("/proc/bus", "/proc/fs", "/proc/irq",
      "/proc/sys", "/proc/sysrq-trigger");
  private static final List<String> NAMESPACES = List.of("pid", "network", "ipc", "uts", "mount");

  private SpecJson() {}

  public static byte[] write(RuntimeSpec spec) {
    ObjectMapper m = Json.mapper();
    ObjectNode root = m.createObjectNode();
    root.put("ociVersion", OCI_VERSION);
    root.set("process", process(m, spec));
    ObjectNode r = root.putObject("root");
    r.put("path", "rootfs");
    r.put("readonly", spec.readonlyRootfs());
    root.put("hostname", spec.hostname());
    root.set("mounts", mounts(m));
    root.set("linux", linux(m));
    try {
      return m.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes failed to serialise", e);
    }
  }

  private static ObjectNode process(ObjectMapper m, RuntimeSpec spec) {
    ObjectNode p = m.createObjectNode();
    p.put("terminal", false);
    ObjectNode user = p.putObject("user");
    user.put("uid", spec.user().uid());
    user.put("gid", spec.user().gid());
    if (!spec.user().additionalGids().isEmpty()) {
      ArrayNode extra = user.putArray("additionalGids");
      spec.user().additionalGids().forEach(extra::add);
    }
    strings(p.putArray("args"), spec.args());
    strings(p.putArray("env"), spec.env());
    p.put("cwd", spec.cwd());
    ObjectNode caps = p.putObject("capabilities");
    List<String> sorted = List.copyOf(new TreeSet<>(spec.capabilities()));
    for (String set : List.of("bounding", "effective", "permitted")) {
      strings(caps.putArray(set), sorted);
    }
    ObjectNode nofile = p.putArray("rlimits").addObject();
    nofile.put("type", "RLIMIT_NOFILE");
    nofile.put("hard", 1024);
    nofile.put("soft", 1024);
    p.put("noNewPrivileges", true);
    return p;
  }

  private static ArrayNode mounts(ObjectMapper m) {
    ArrayNode a = m.createArrayNode();
    mount(a, "/proc", "proc", "proc");
    mount(a, "/dev", "tmpfs", "tmpfs", "nosuid", "strictatime", "mode=755", "size=65536k");
    mount(a, "/dev/pts", "devpts", "devpts", "nosuid", "noexec", "newinstance", "ptmxmode=0666",
        "mode=0620", "gid=5");
    mount(a, "/dev/shm", "tmpfs", "shm", "nosuid", "noexec", "nodev", "mode=1777", "size=65536k");
    mount(a, "/dev/mqueue", "mqueue", "mqueue", "nosuid", "noexec", "nodev");
    mount(a, "/sys", "sysfs", "sysfs", "nosuid", "noexec", "nodev", "ro");
    return a;
  }

  private static void mount(ArrayNode a, String destination, String type, String source, String... options) {
    ObjectNode mnt = a.addObject();
    mnt.put("destination", destination);
    mnt.put("type", type);
    mnt.put("source", source);
    if (options.length > 0) {
      strings(mnt.putArray("options"), List.of(options));
    }
  }

  private static ObjectNode linux(ObjectMapper m) {
    ObjectNode l = m.createObjectNode();
    ObjectNode deny = l.putObject("resources").putArray("devices").addObject();
    deny.put("allow", false);
    deny.put("access", "rwm");
    ArrayNode ns = l.putArray("namespaces");
    NAMESPACES.forEach(t -> ns.addObject().put("type", t));
    strings(l.putArray("maskedPaths"), MASKED);
    strings(l.putArray("readonlyPaths"), READONLY);
    return l;
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }
}
