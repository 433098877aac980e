package dev.claviger.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.claviger.cli.ExitCodes;
import dev.claviger.core.Json;
import dev.claviger.image.oci.Descriptor;
import dev.claviger.image.oci.ImageManifest;
import dev.claviger.image.oci.MediaTypes;
import dev.claviger.image.oci.OciLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** `claviger image` on OCI layouts (registry paths are covered in claviger-image and -it). */
class ImageCommandTest {
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ImageCommand());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** A one-layer image written with the library (the layer need not be a real tar here). */
  private ImageManifest writeImage(Path dir, String tag) throws Exception {
    OciLayout l = OciLayout.create(dir);
    byte[] layer = "not really a tar".getBytes(StandardCharsets.UTF_8);
    Descriptor ld = l.writeBlob(MediaTypes.OCI_LAYER_GZIP, layer);
    byte[] cfg = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Cmd\":[\"/bin/sh\"],"
        + "\"Env\":[\"A=b\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
        + ld.digest() + "\"]}}").getBytes(StandardCharsets.UTF_8);
    Descriptor cd = l.writeBlob(MediaTypes.OCI_CONFIG, cfg);
    ImageManifest m = ImageManifest.create(MediaTypes.OCI_MANIFEST, cd, List.of(ld), Map.of());
    l.tag(tag, l.writeBlob(m.mediaType(), m.bytes()));
    return m;
  }

  @Test
  void copy_layoutToLayout_jsonResultAndIdenticalManifest() throws Exception {
    ImageManifest m = writeImage(tmp.resolve("a"), "v1");
    Run r = run("copy", "--json", "oci:" + tmp.resolve("a") + ":v1", "oci:" + tmp.resolve("b")
        + ":copied");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode j = Json.parse(r.out());
    assertThat(j.path("digest").asText()).isEqualTo(m.digest().toString());
    assertThat(j.path("blobs")).hasSize(2);
    assertThat(j.path("blobs").get(0).path("outcome").asText()).isEqualTo("copied");
    OciLayout b = OciLayout.open(tmp.resolve("b"));
    assertThat(b.readManifest(b.resolve("copied").orElseThrow()).bytes()).isEqualTo(m.bytes());

    Run again = run("copy", "oci:" + tmp.resolve("a") + ":v1", "oci:" + tmp.resolve("b") + ":x");
    assertThat(again.code()).isZero();
    assertThat(again.out()).contains("0 copied, 2 already present");
  }

  @Test
  void inspect_layout_humanJsonRawAndConfig() throws Exception {
    ImageManifest m = writeImage(tmp.resolve("a"), "v1");
    String loc = "oci:" + tmp.resolve("a") + ":v1";
    Run human = run("inspect", loc);
    assertThat(human.code()).as(human.err()).isZero();
    assertThat(human.out()).contains("Digest:       " + m.digest())
        .contains("Platform:     linux/amd64").contains("Cmd:          [/bin/sh]");
    JsonNode j = Json.parse(run("inspect", "--json", loc).out());
    assertThat(j.path("Digest").asText()).isEqualTo(m.digest().toString());
    assertThat(j.path("Env").get(0).asText()).isEqualTo("A=b");
    assertThat(run("inspect", "--raw", loc).out().getBytes(StandardCharsets.UTF_8))
        .isEqualTo(m.bytes());
    assertThat(run("inspect", "--config", loc).out()).startsWith("{\"architecture\"");
  }

  @Test
  void copy_tamperedLayer_failedExitNoDestinationTag() throws Exception {
    ImageManifest m = writeImage(tmp.resolve("a"), "v1");
    Path blob = OciLayout.open(tmp.resolve("a")).blobPath(m.layers().get(0).digest());
    byte[] b = Files.readAllBytes(blob);
    b[0] ^= 1;
    Files.write(blob, b);
    Run r = run("copy", "oci:" + tmp.resolve("a") + ":v1", "oci:" + tmp.resolve("c") + ":v1");
    assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("content verification failed");
    assertThat(OciLayout.open(tmp.resolve("c")).tags()).isEmpty();
  }

  @Test
  void usageErrors_exitTwo() {
    assertThat(run("copy", "busybox", "oci:/tmp/x:v1").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("inspect", "docker://UPPER/Case").code()).isEqualTo(ExitCodes.USAGE);
    assertThat(run("copy", "--platform", "linux", "oci:" + tmp + ":a", "oci:" + tmp + ":b")
        .code()).isIn(ExitCodes.USAGE, ExitCodes.FAILED);
  }

  @Test
  void unreachableRegistry_failedExit() {
    Run r = run("inspect", "--insecure", "docker://127.0.0.1:1/none/x:v1");
    assertThat(r.code()).isEqualTo(ExitCodes.FAILED);
    assertThat(r.err()).contains("I/O error");
  }

  /** Options declared once in mixins must still reach every command that offered them. */
  @Test
  void sharedOptions_mixins_keepNamesAndLabelsPerCommand() {
    CommandLine image = new CommandLine(new ImageCommand());
    for (String c : List.of("copy", "encrypt", "decrypt")) {
      CommandLine.Model.CommandSpec s = image.getSubcommands().get(c).getCommandSpec();
      assertThat(s.positionalParameters()).extracting(p -> p.paramLabel())
          .as(c).containsExactly("SRC", "DST");
      for (String o : List.of("--src-insecure", "--dest-insecure", "--src-creds", "--dest-creds",
          "--authfile", "--platform", "--json")) {
        assertThat(s.findOption(o)).as(c + " " + o).isNotNull();
      }
      assertThat(s.findOption("--src-creds").paramLabel()).isEqualTo("USER:PASS");
      assertThat(s.findOption("--platform").paramLabel()).isEqualTo("OS/ARCH[/VARIANT]");
    }
    for (String c : List.of("inspect", "pull", "push", "sign", "verify")) {
      CommandLine.Model.CommandSpec s = image.getSubcommands().get(c).getCommandSpec();
      for (String o : List.of("--insecure", "--creds", "--authfile", "--json")) {
        assertThat(s.findOption(o)).as(c + " " + o).isNotNull();
      }
      assertThat(s.findOption("--cert-dir") != null).as(c + " --cert-dir")
          .isEqualTo(List.of("inspect", "pull", "push").contains(c));
    }
    assertThat(image.getSubcommands().get("copy").getCommandSpec().findOption("--authfile")
        .description()[0]).startsWith("auth.json (default:");
    assertThat(image.getSubcommands().get("encrypt").getCommandSpec().findOption("--authfile")
        .description()[0]).isEqualTo("auth.json for both registries");
  }

  @Test
  void copy_malformedDestCreds_usageExit() throws Exception {
    writeImage(tmp.resolve("a"), "v1");
    Run r = run("copy", "--dest-creds", "nocolon", "oci:" + tmp.resolve("a") + ":v1",
        "docker://127.0.0.1:1/x:y");
    assertThat(r.code()).as(r.err()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).contains("--creds");
  }
}
