package dev.claviger.image.unpack.internal;

import dev.claviger.image.unpack.UnpackException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;

/**
 * The commons-compress tar reader with the header checksum verified (it only checks it when
 * sniffing formats), as Go's archive/tar does. Old GNU sparse extension records, which carry no
 * checksum, are refused here already: sparse entries are unsupported anyway.
 */
final class CheckedTarInputStream extends TarArchiveInputStream {
  CheckedTarInputStream(InputStream in) {
    super(in, StandardCharsets.UTF_8.name());
  }

  @Override
  protected byte[] readRecord() throws IOException {
    TarArchiveEntry current = getCurrentEntry();
    if (current != null && current.isOldGNUSparse() && current.isExtended()) {
      throw new UnpackIOException(UnpackException.Kind.UNSUPPORTED, "GNU sparse tar entry", null);
    }
    byte[] record = super.readRecord();
    if (record != null && !allZero(record) && !TarUtils.verifyCheckSum(record)) {
      throw new UnpackIOException(UnpackException.Kind.MALFORMED, "tar header checksum mismatch", null);
    }
    return record;
  }

  private static boolean allZero(byte[] record) {
    for (byte b : record) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }
}
