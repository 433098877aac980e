package dev.claviger.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.claviger.evidence.VerificationContext;
import dev.claviger.evidence.VerifiedEvidence;
import dev.claviger.evidence.VerifierAccess;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Trust-carrying types cannot be made outside their module's verification path. */
class ApiShapeTest {

  @Test
  void trustTypes_haveNoPublicConstructors() {
    for (Class<?> c : new Class<?>[] {VerifiedEvidence.class, VerifierAccess.class,
        VerificationContext.class}) {
      assertThat(Arrays.stream(c.getDeclaredConstructors())
          .filter(k -> Modifier.isPublic(k.getModifiers()) || Modifier.isProtected(k.getModifiers())))
          .as(c.getSimpleName()).isEmpty();
      assertThat(Modifier.isFinal(c.getModifiers())).as(c.getSimpleName() + " is final").isTrue();
    }
  }

  @Test
  void earToken_toStringOmitsTheBearerToken() {
    EarToken t = new EarToken("eyJhbGciOiJFUzI1NiJ9.secret.sig", Fixtures.T0);
    assertThat(t.toString()).doesNotContain("secret").contains(Fixtures.T0.toString());
  }
}
