package dev.claviger.image.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.image.oci.Digest;
import dev.claviger.image.oci.ImageConfig;
import dev.claviger.image.testing.Peers;
import dev.claviger.image.testing.TestImages;
import dev.claviger.image.unpack.LayerCompression;
import dev.claviger.image.unpack.LayerUnpacker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real runc running the busybox test image unpacked by {@link LayerUnpacker}. */
class RuncTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  static TestImages.Image image;
  static ImageConfig config;

  @TempDir Path tmp;
  Bundle bundle;
  Runc runc;

  @BeforeAll
  static void image() throws Exception {
    Peers.require("runc", "runc");
    if (!isRoot()) {
      String msg = "runc needs root to create namespaces";
      if ("true".equals(System.getenv("CI"))) {
        Assertions.fail(msg + " (CI=true)");
      }
      Assumptions.abort(msg + "; skipping");
    }
    image = TestImages.busybox();
    config = ImageConfig.parse(image.config().bytes());
  }

  private static boolean isRoot() throws Exception {
    return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
  }

  @BeforeEach
  void unpack() throws Exception {
    bundle = new Bundle(tmp.resolve("bundle"));
    LayerUnpacker unpacker = LayerUnpacker.create();
    for (TestImages.Layer layer : image.layers()) {
      unpacker.unpack(new ByteArrayInputStream(layer.blob().bytes()),
          LayerCompression.forMediaType(layer.blob().mediaType()), Digest.parse(layer.diffId()), bundle.rootfs());
    }
    runc = Runc.onPath(tmp.resolve("state"));
  }

  @Test
  void run_busyboxImage_printsItsCmdOutput() throws Exception {
    RuntimeSpec.fromImage(config.run()).build(bundle.rootfs()).writeTo(bundle);
    RunResult r = runc.run(bundle, "claviger-test-hello", TIMEOUT);
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdoutText()).isEqualTo(TestImages.HELLO);
  }

  @Test
  void run_streamedOutputAndExitCode_arePassedThrough() throws Exception {
    RuntimeSpec.fromImage(config.run()).command(List.of("/bin/sh", "-c", "echo out; echo err >&2; exit 7"))
        .build(bundle.rootfs()).writeTo(bundle);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RunResult r = runc.run(bundle, "claviger-test-exit", TIMEOUT, out, null);
    assertThat(r.exitCode()).isEqualTo(7);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("out\n");
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderrText()).isEqualTo("err\n");
  }

  @Test
  void run_asNumericUser_processHasThatIdentity() throws Exception {
    RuntimeSpec.fromImage(config.run()).user("1234:5678").command(List.of("/bin/sh", "-c", "id -u; id -g; pwd"))
        .cwd("/tmp").build(bundle.rootfs()).writeTo(bundle);
    RunResult r = runc.run(bundle, "claviger-test-user", TIMEOUT);
    assertThat(r.stdoutText()).isEqualTo("1234\n5678\n/tmp\n");
  }

  @Test
  void run_isolatedNamespaces_hostnameAndOnlyLoopback() throws Exception {
    RuntimeSpec.fromImage(config.run()).hostname("sealed")
        .command(List.of("/bin/sh", "-c", "cat /proc/sys/kernel/hostname; ls /sys/class/net"))
        .build(bundle.rootfs()).writeTo(bundle);
    RunResult r = runc.run(bundle, "claviger-test-ns", TIMEOUT);
    assertThat(r.stdoutText()).isEqualTo("sealed\nlo\n");
  }

  @Test
  void run_missingBinary_failsAsLaunchFailed() throws Exception {
    RuntimeSpec.fromImage(config.run()).command(List.of("/bin/does-not-exist")).build(bundle.rootfs()).writeTo(bundle);
    assertThatThrownBy(() -> runc.run(bundle, "claviger-test-missing", TIMEOUT))
        .isInstanceOfSatisfying(ContainerException.class,
            e -> assertThat(e.kind()).isEqualTo(ContainerException.Kind.LAUNCH_FAILED));
  }

  @Test
  void run_containerOutlivesTimeout_isKilledAndDeleted() throws Exception {
    RuntimeSpec.fromImage(config.run()).command(List.of("/bin/sleep", "600")).build(bundle.rootfs()).writeTo(bundle);
    assertThatThrownBy(() -> runc.run(bundle, "claviger-test-timeout", Duration.ofSeconds(2)))
        .isInstanceOfSatisfying(ContainerException.class,
            e -> assertThat(e.kind()).isEqualTo(ContainerException.Kind.TIMEOUT));
    assertThat(tmp.resolve("state/claviger-test-timeout")).doesNotExist();
  }

  @Test
  void at_missingBinary_refusedAsRuntimeMissing() {
    assertThatThrownBy(() -> Runc.at(tmp.resolve("no-runc"), tmp.resolve("state")))
        .isInstanceOfSatisfying(ContainerException.class,
            e -> assertThat(e.kind()).isEqualTo(ContainerException.Kind.RUNTIME_MISSING));
  }

  @Test
  void run_badContainerId_refused() {
    assertThatThrownBy(() -> runc.run(bundle, "../escape", TIMEOUT))
        .isInstanceOfSatisfying(ContainerException.class,
            e -> assertThat(e.kind()).isEqualTo(ContainerException.Kind.INVALID));
  }
}
