package dev.claviger.image.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.core.Json;
import dev.claviger.image.oci.ImageConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeSpecTest {
  @TempDir Path tmp;
  Path rootfs;

  @BeforeEach
  void rootfs() throws Exception {
    rootfs = Files.createDirectories(tmp.resolve("bundle/rootfs"));
    Files.createDirectories(rootfs.resolve("etc"));
    Files.writeString(rootfs.resolve("etc/passwd"), """
        root:x:0:0:root:/root:/bin/sh
        # comment
        app:x:1000:1001:App:/home/app:/bin/sh
        nobody:x:65534:65534::/nonexistent:/bin/false
        """);
    Files.writeString(rootfs.resolve("etc/group"), """
        root:x:0:
        appgrp:x:1001:
        audio:x:29:app,other
        video:x:44:app
        """);
  }

  private static ImageConfig.RunConfig run(String user, List<String> env, List<String> ep, List<String> cmd,
      String wd) {
    return new ImageConfig.RunConfig(user, env, ep, cmd, wd, Map.of(), "");
  }

  @Test
  void build_imageConfig_argsAreEntrypointThenCmd() throws Exception {
    RuntimeSpec s = RuntimeSpec.fromImage(run("", List.of("A=1"), List.of("/bin/sh", "-c"), List.of("echo hi"), "/srv"))
        .build(rootfs);
    assertThat(s.args()).containsExactly("/bin/sh", "-c", "echo hi");
    assertThat(s.cwd()).isEqualTo("/srv");
    assertThat(s.env()).containsExactly(RuntimeSpec.DEFAULT_PATH, "A=1", "HOME=/root");
    assertThat(s.user()).isEqualTo(ProcessUser.ROOT);
  }

  @Test
  void build_commandOverride_replacesCmdKeepsEntrypoint() throws Exception {
    RuntimeSpec s = RuntimeSpec.fromImage(run("", List.of("PATH=/bin"), List.of("/ep"), List.of("default"), ""))
        .command(List.of("x", "y")).build(rootfs);
    assertThat(s.args()).containsExactly("/ep", "x", "y");
    assertThat(s.env()).first().isEqualTo("PATH=/bin");
    assertThat(s.cwd()).isEqualTo("/");
  }

  @Test
  void build_noArgv_refusedAsInvalid() {
    assertThatThrownBy(() -> RuntimeSpec.fromImage(run("", List.of(), List.of(), List.of(), "")).build(rootfs))
        .isInstanceOfSatisfying(ContainerException.class,
            e -> assertThat(e.kind()).isEqualTo(ContainerException.Kind.INVALID));
  }

  @Test
  void build_relativeWorkingDir_refusedAsInvalid() {
    assertThatThrownBy(() -> RuntimeSpec.fromImage(run("", List.of(), List.of("/x"), List.of(), "srv")).build(rootfs))
        .isInstanceOfSatisfying(ContainerException.class,
            e -> assertThat(e.kind()).isEqualTo(ContainerException.Kind.INVALID));
  }

  @Test
  void build_namedUser_resolvesIdsHomeAndSupplementaryGroups() throws Exception {
    ProcessUser u = RuntimeSpec.fromImage(run("app", List.of(), List.of("/x"), List.of(), "")).build(rootfs).user();
    assertThat(u).isEqualTo(new ProcessUser(1000, 1001, List.of(29L, 44L), "/home/app"));
  }

  @Test
  void build_userAndGroupNames_resolved() throws Exception {
    ProcessUser u = RuntimeSpec.builder().command(List.of("/x")).user("app:audio").build(rootfs).user();
    assertThat(u.uid()).isEqualTo(1000);
    assertThat(u.gid()).isEqualTo(29);
    assertThat(u.additionalGids()).isEmpty();
  }

  @Test
  void build_numericUidOnly_takesGidFromPasswdOrZero() throws Exception {
    assertThat(RuntimeSpec.builder().command(List.of("/x")).user("65534").build(rootfs).user().gid()).isEqualTo(65534);
    ProcessUser unknown = RuntimeSpec.builder().command(List.of("/x")).user("4242").build(rootfs).user();
    assertThat(unknown.uid()).isEqualTo(4242);
    assertThat(unknown.gid()).isZero();
    assertThat(RuntimeSpec.builder().command(List.of("/x")).user("4242:77").build(rootfs).user().gid()).isEqualTo(77);
  }

  @Test
  void build_unknownUserOrGroupName_refused() {
    for (String user : List.of("ghost", "app:nogroup", "app:", ":1")) {
      assertThatThrownBy(() -> RuntimeSpec.builder().command(List.of("/x")).user(user).build(rootfs))
          .as(user).isInstanceOf(ContainerException.class);
    }
  }

  @Test
  void build_passwdSymlinkPointingOutside_isResolvedInsideRootfs() throws Exception {
    Path hostFile = Files.writeString(tmp.resolve("host-passwd"), "intruder:x:4321:4321::/:/bin/sh\n");
    Files.delete(rootfs.resolve("etc/passwd"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), hostFile);
    assertThatThrownBy(() -> RuntimeSpec.builder().command(List.of("/x")).user("intruder").build(rootfs))
        .isInstanceOfSatisfying(ContainerException.class,
            e -> assertThat(e.kind()).isEqualTo(ContainerException.Kind.USER_NOT_FOUND));
  }

  @Test
  void build_passwdRelativeSymlinkInsideRootfs_isFollowed() throws Exception {
    Files.move(rootfs.resolve("etc/passwd"), rootfs.resolve("etc/passwd.real"));
    Files.createSymbolicLink(rootfs.resolve("etc/passwd"), Path.of("passwd.real"));
    assertThat(RuntimeSpec.builder().command(List.of("/x")).user("app").build(rootfs).user().uid()).isEqualTo(1000);
  }

  @Test
  void toJson_hasRuncShapeWithoutTerminalAndWithIsolation() throws Exception {
    RuntimeSpec s = RuntimeSpec.fromImage(run("app", List.of(), List.of("/bin/echo"), List.of("hi"), ""))
        .hostname("box").build(rootfs);
    JsonNode j = Json.parse(s.toJson());
    assertThat(j.path("ociVersion").asText()).startsWith("1.0");
    assertThat(j.path("process").path("terminal").asBoolean(true)).isFalse();
    assertThat(j.path("process").path("user").path("uid").asLong()).isEqualTo(1000);
    assertThat(j.path("process").path("user").path("additionalGids").size()).isEqualTo(2);
    assertThat(j.path("process").path("args").toString()).isEqualTo("[\"/bin/echo\",\"hi\"]");
    assertThat(j.path("process").path("noNewPrivileges").asBoolean()).isTrue();
    assertThat(j.path("process").path("capabilities").path("bounding").size())
        .isEqualTo(RuntimeSpec.DEFAULT_CAPABILITIES.size());
    assertThat(j.path("root").path("path").asText()).isEqualTo("rootfs");
    assertThat(j.path("hostname").asText()).isEqualTo("box");
    List<String> mounts = new ArrayList<>();
    j.path("mounts").forEach(m -> mounts.add(m.path("destination").asText()));
    assertThat(mounts).containsExactly("/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys");
    List<String> ns = new ArrayList<>();
    j.path("linux").path("namespaces").forEach(n -> ns.add(n.path("type").asText()));
    assertThat(ns).containsExactlyInAnyOrder("pid", "network", "ipc", "uts", "mount");
    assertThat(j.path("mounts").get(5).path("options").toString()).contains("\"ro\"");
  }

  @Test
  void writeTo_bundle_writesConfigJson() throws Exception {
    Bundle b = new Bundle(tmp.resolve("bundle"));
    RuntimeSpec.builder().command(List.of("/x")).build(b.rootfs()).writeTo(b);
    assertThat(Json.parse(Files.readAllBytes(b.configJson())).path("process").path("args").get(0).asText())
        .isEqualTo("/x");
  }
}
