package dev.claviger.image.sign.internal;

import dev.claviger.image.sign.SignatureException;
import dev.claviger.image.sign.SignatureException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Date;
import org.bouncycastle.bcpg.BCPGOutputStream;
import org.bouncycastle.bcpg.CompressionAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPCompressedDataGenerator;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPOnePassSignature;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;

/**
 * The binary OpenPGP "signed message" simple signing uses: optionally compressed( one-pass
 * signature, literal data, signature ), exactly one of each and nothing else. Reading is bounded
 * (input, decompressed size) and drains the compressed stream to its end so that a zlib check value
 * is verified.
 *
 * @param onePass the one-pass signature packet (names the signing key ID)
 * @param content the literal data (the payload JSON)
 * @param signature the trailing signature packet
 */
public record PgpSignedMessage(PGPOnePassSignature onePass, byte[] content, PGPSignature signature) {
  /** containers/image reads at most 4 MiB per signature. */
  public static final int MAX_SIGNATURE_BYTES = 4 * 1024 * 1024;
  /** The payload is small JSON; more than this after decompression is an attack or an accident. */
  static final int MAX_CONTENT_BYTES = 1024 * 1024;

  public static PgpSignedMessage read(byte[] blob) throws SignatureException {
    if (blob.length == 0) {
      throw bad("empty signature");
    }
    if (blob.length > MAX_SIGNATURE_BYTES) {
      throw bad("signature is " + blob.length + " bytes, limit " + MAX_SIGNATURE_BYTES);
    }
    try {
      BcPGPObjectFactory outer = new BcPGPObjectFactory(new ByteArrayInputStream(blob));
      Object first = outer.nextObject();
      PgpSignedMessage msg;
      if (first instanceof PGPCompressedData cd) {
        try (InputStream data = new BoundedInputStream(cd.getDataStream(), MAX_CONTENT_BYTES)) {
          BcPGPObjectFactory inner = new BcPGPObjectFactory(data);
          msg = readParts(inner.nextObject(), inner);
          if (inner.nextObject() != null) {
            throw bad("unexpected data after the signature packet");
          }
          drain(data);
        }
      } else {
        msg = readParts(first, outer);
      }
      if (outer.nextObject() != null) {
        throw bad("unexpected data after the signed message");
      }
      return msg;
    } catch (IOException | PGPException | RuntimeException e) {
      // BC reports corrupt packets as IOException, PGPException and a few runtime exceptions.
      throw new SignatureException(Kind.BAD_SIGNATURE,
          "malformed OpenPGP signed message: " + e.getMessage(), e);
    }
  }

  private static PgpSignedMessage readParts(Object first, BcPGPObjectFactory f)
      throws IOException, SignatureException {
    if (!(first instanceof PGPOnePassSignatureList ops) || ops.size() != 1) {
      throw bad("expected exactly one one-pass signature packet");
    }
    if (!(f.nextObject() instanceof PGPLiteralData literal)) {
      throw bad("expected a literal data packet");
    }
    byte[] content;
    try (InputStream in = new BoundedInputStream(literal.getInputStream(), MAX_CONTENT_BYTES)) {
      content = in.readAllBytes();
    }
    if (!(f.nextObject() instanceof PGPSignatureList sigs) || sigs.size() != 1) {
      throw bad("expected exactly one signature packet");
    }
    return new PgpSignedMessage(ops.get(0), content, sigs.get(0));
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[4096];
    while (in.read(buf) >= 0) {
      // the bound in BoundedInputStream stops a decompression bomb here too
    }
  }

  /**
   * Writes zlib-compressed( one-pass, literal(content), signature ), the shape gpg produces for
   * {@code gpg --sign}. The generator must be initialised for a binary-document signature.
   */
  public static byte[] write(PGPSignatureGenerator generator, byte[] content, Date when)
      throws PGPException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 1024);
    try {
      PGPCompressedDataGenerator compressor =
          new PGPCompressedDataGenerator(CompressionAlgorithmTags.ZLIB);
      try (OutputStream compressed = compressor.open(out)) {
        BCPGOutputStream packets = new BCPGOutputStream(compressed);
        generator.generateOnePassVersion(false).encode(packets);
        PGPLiteralDataGenerator literal = new PGPLiteralDataGenerator();
        try (OutputStream lit =
            literal.open(packets, PGPLiteralData.BINARY, "", content.length, when)) {
          lit.write(content);
        }
        generator.update(content);
        generator.generate().encode(packets);
        packets.flush();
      }
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
    return out.toByteArray();
  }

  private static SignatureException bad(String message) {
    return new SignatureException(Kind.BAD_SIGNATURE, message);
  }
}
