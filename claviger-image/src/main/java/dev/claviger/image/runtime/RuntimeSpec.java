package dev.claviger.image.runtime;

import dev.claviger.image.oci.ImageConfig;
import dev.claviger.image.runtime.internal.SpecJson;
import dev.claviger.image.runtime.internal.UserResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An OCI runtime-spec {@code config.json} for one container, built from an image config the way
 * containerd's default spec does (shape checked against {@code runc spec}).
 *
 * <p>Defaults: {@code process.args} = Entrypoint + Cmd, the image's Env (plus PATH and HOME when
 * absent), WorkingDir (else {@code /}), User resolved to numeric ids from the rootfs; no
 * terminal; {@code noNewPrivileges}; the Docker default capability set; mounts proc, /dev tmpfs,
 * devpts, /dev/shm, mqueue and sysfs read-only; new pid, ipc, uts, mount and network namespaces
 * (the network namespace is empty: loopback only, no CNI); all devices denied; the usual masked
 * and read-only /proc paths. No seccomp profile is set.
 */
public final class RuntimeSpec {
  /** Docker's and containerd's default capability set. */
  public static final Set<String> DEFAULT_CAPABILITIES = Set.of(
      "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
      "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
      "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE");
  static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final List<String> args;
  private final List<String> env;
  private final String cwd;
  private final ProcessUser user;
  private final String hostname;
  private final boolean readonlyRootfs;
  private final Set<String> capabilities;

  private RuntimeSpec(Builder b, ProcessUser user, List<String> args) {
    this.args = args;
    this.user = user;
    this.env = withDefaults(b.env, user);
    this.cwd = b.cwd.isEmpty() ? "/" : b.cwd;
    this.hostname = b.hostname;
    this.readonlyRootfs = b.readonlyRootfs;
    this.capabilities = Set.copyOf(b.capabilities);
  }

  /** A builder preloaded with the image's process settings. */
  public static Builder fromImage(ImageConfig.RunConfig run) {
    Objects.requireNonNull(run, "run");
    Builder b = new Builder();
    b.entrypoint = run.entrypoint();
    b.cmd = run.cmd();
    b.env = new ArrayList<>(run.env());
    b.cwd = run.workingDir();
    b.user = run.user();
    return b;
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<String> args() {
    return args;
  }

  public List<String> env() {
    return env;
  }

  public String cwd() {
    return cwd;
  }

  public ProcessUser user() {
    return user;
  }

  public String hostname() {
    return hostname;
  }

  public boolean readonlyRootfs() {
    return readonlyRootfs;
  }

  public Set<String> capabilities() {
    return capabilities;
  }

  /** The config.json bytes (pretty-printed, stable member order). */
  public byte[] toJson() {
    return SpecJson.write(this);
  }

  /** Writes {@code config.json} into the bundle (atomically, owner-only readable). */
  public void writeTo(Bundle bundle) throws ContainerException {
    try {
      Path tmp = Files.createTempFile(bundle.dir(), ".config", ".json");
      Files.write(tmp, toJson());
      Files.move(tmp, bundle.configJson(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ContainerException(ContainerException.Kind.IO, "writing " + bundle.configJson() + ": " + e, e);
    }
  }

  private static List<String> withDefaults(List<String> env, ProcessUser user) {
    List<String> out = new ArrayList<>(env);
    if (out.stream().noneMatch(e -> e.startsWith("PATH="))) {
      out.addFirst(DEFAULT_PATH);
    }
    if (out.stream().noneMatch(e -> e.startsWith("HOME="))) {
      out.add("HOME=" + user.home());
    }
    return List.copyOf(out);
  }

  /** Process settings; {@link #build(Path)} resolves the user against the rootfs. */
  public static final class Builder {
    private List<String> entrypoint = List.of();
    private List<String> cmd = List.of();
    private List<String> env = new ArrayList<>();
    private String cwd = "";
    private String user = "";
    private String hostname = "claviger";
    private boolean readonlyRootfs;
    private Set<String> capabilities = new LinkedHashSet<>(DEFAULT_CAPABILITIES);

    private Builder() {}

    /** Replaces the image's Entrypoint. */
    public Builder entrypoint(List<String> entrypoint) {
      this.entrypoint = List.copyOf(entrypoint);
      return this;
    }

    /** Replaces the image's Cmd (like arguments after the image name in {@code docker run}). */
    public Builder command(List<String> command) {
      this.cmd = List.copyOf(command);
      return this;
    }

    /** Adds or replaces one {@code NAME=value} variable. */
    public Builder env(String name, String value) {
      if (name.isEmpty() || name.contains("=")) {
        throw new IllegalArgumentException("bad environment variable name");
      }
      env.removeIf(e -> e.startsWith(name + "="));
      env.add(name + "=" + value);
      return this;
    }

    public Builder cwd(String cwd) {
      this.cwd = Objects.requireNonNull(cwd, "cwd");
      return this;
    }

    /** Overrides the image's User ({@code uid[:gid]} or names from the rootfs). */
    public Builder user(String user) {
      this.user = Objects.requireNonNull(user, "user");
      return this;
    }

    public Builder hostname(String hostname) {
      this.hostname = Objects.requireNonNull(hostname, "hostname");
      return this;
    }

    public Builder readonlyRootfs(boolean readonly) {
      this.readonlyRootfs = readonly;
      return this;
    }

    public Builder capabilities(Set<String> capabilities) {
      this.capabilities = new LinkedHashSet<>(capabilities);
      return this;
    }

    /**
     * Resolves the user from {@code rootfs}'s passwd/group files and checks the whole spec.
     *
     * @throws ContainerException {@code INVALID} for an empty argv or a relative cwd,
     *     {@code USER_NOT_FOUND} for an unknown user or group name
     */
    public RuntimeSpec build(Path rootfs) throws ContainerException {
      List<String> argv = new ArrayList<>(entrypoint);
      argv.addAll(cmd);
      if (argv.isEmpty() || argv.getFirst().isEmpty()) {
        throw new ContainerException(ContainerException.Kind.INVALID,
            "the image has no Entrypoint or Cmd and no command was given");
      }
      if (!cwd.isEmpty() && !cwd.startsWith("/")) {
        throw new ContainerException(ContainerException.Kind.INVALID, "working directory must be absolute: " + cwd);
      }
      if (!Files.isDirectory(rootfs, LinkOption.NOFOLLOW_LINKS)) {
        throw new ContainerException(ContainerException.Kind.IO, "rootfs is not a directory: " + rootfs);
      }
      ProcessUser resolved = UserResolver.resolve(user, rootfs);
      return new RuntimeSpec(this, resolved, List.copyOf(argv));
    }
  }
}
