package dev.claviger.agent.attester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.claviger.agent.AttesterException;
import dev.claviger.agent.attester.internal.SevGuestIoctl;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JDK 22+ ({@code java.lang.foreign}) version of the {@code /dev/sev-guest} ioctl, loaded from
 * the multi-release directory. No SEV-SNP guest is available to tests, so this proves the native
 * linkage and error paths (open failure, ioctl on a non-SNP device), not a real report.
 */
class SevGuestIoctlTest {
  private static final String NAME = SevGuestIoctl.class.getName();

  @TempDir
  Path tmp;

  @Test
  void baseVersion_refusesWithTypedError() {
    assertThat(SevGuestIoctl.supported()).isFalse();
    assertThatThrownBy(() -> SevGuestIoctl.extendedReport(Path.of("/dev/sev-guest"), new byte[64], 0))
        .isInstanceOf(AttesterException.class).hasMessageContaining("needs a JDK >= 22");
  }

  @Test
  void java22Version_missingDevice_openFailsWithErrno() throws Exception {
    Method m = java22Method("extendedReport", Path.class, byte[].class, int.class);

    assertThatThrownBy(() -> invoke(m, tmp.resolve("sev-guest"), new byte[64], 0))
        .isInstanceOf(AttesterException.class).hasMessageContaining("cannot open").hasMessageContaining("errno 2");
  }

  @Test
  void java22Version_deviceWithoutIoctl_ioctlFailsWithErrno() throws Exception {
    Method m = java22Method("extendedReport", Path.class, byte[].class, int.class);
    Path devNull = Path.of("/dev/null");
    Assumptions.assumeTrue(Files.isWritable(devNull), "/dev/null not writable");

    assertThatThrownBy(() -> invoke(m, devNull, new byte[64], 0))
        .isInstanceOf(AttesterException.class).hasMessageContaining("SNP_GET_EXT_REPORT failed: errno 25");
  }

  @Test
  void java22Version_supported() throws Throwable {
    assertThat(invoke(java22Method("supported"))).isEqualTo(true);
  }

  private static Object invoke(Method m, Object... args) throws Throwable {
    try {
      return m.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** Loads the versioned class (and its nested classes) child-first from META-INF/versions/22. */
  private static Method java22Method(String name, Class<?>... types) throws Exception {
    Assumptions.assumeTrue(Runtime.version().feature() >= 22, "needs a JDK >= 22");
    Path classes = Path.of(SevGuestIoctl.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    Path versioned = classes.resolve("META-INF/versions/22");
    Assumptions.assumeTrue(Files.isDirectory(versioned), "no multi-release output at " + versioned);
    ClassLoader loader = new ClassLoader(SevGuestIoctlTest.class.getClassLoader()) {
      @Override
      protected Class<?> loadClass(String cn, boolean resolve) throws ClassNotFoundException {
        if (!cn.startsWith(NAME)) {
          return super.loadClass(cn, resolve);
        }
        synchronized (getClassLoadingLock(cn)) {
          Class<?> c = findLoadedClass(cn);
          if (c == null) {
            try {
              byte[] b = Files.readAllBytes(versioned.resolve(cn.replace('.', '/') + ".class"));
              c = defineClass(cn, b, 0, b.length);
            } catch (IOException e) {
              throw new ClassNotFoundException(cn, e);
            }
          }
          return c;
        }
      }
    };
    return loader.loadClass(NAME).getMethod(name, types);
  }
}
