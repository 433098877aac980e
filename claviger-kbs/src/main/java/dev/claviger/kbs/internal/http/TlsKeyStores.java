package dev.claviger.kbs.internal.http;

import dev.claviger.kbs.internal.token.Pem;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/** Builds an in-memory key store for Jetty from PEM files (any of PKCS#8, SEC1, PKCS#1 keys). */
public final class TlsKeyStores {
  private TlsKeyStores() {}

  public static KeyStore fromPem(Path keyFile, Path certFile, char[] password)
      throws IOException, GeneralSecurityException {
    PrivateKey key = readKey(keyFile);
    List<Certificate> chain = new ArrayList<>();
    for (Pem.Block b : Pem.blocks(Files.readString(certFile))) {
      if (b.label().equals("CERTIFICATE")) {
        X509Certificate c = Pem.certificate(b.der());
        chain.add(c);
      }
    }
    if (chain.isEmpty()) {
      throw new GeneralSecurityException("no CERTIFICATE in " + certFile);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry("kbs", key, password, chain.toArray(new Certificate[0]));
    return ks;
  }

  private static PrivateKey readKey(Path file) throws IOException, GeneralSecurityException {
    try (Reader r = Files.newBufferedReader(file); PEMParser p = new PEMParser(r)) {
      Object o = p.readObject();
      JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
      if (o instanceof PEMKeyPair kp) {
        return conv.getKeyPair(kp).getPrivate();
      }
      if (o instanceof PrivateKeyInfo info) {
        return conv.getPrivateKey(info);
      }
      throw new GeneralSecurityException("no unencrypted private key in " + file);
    }
  }
}
