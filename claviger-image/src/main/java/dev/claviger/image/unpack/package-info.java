/**
 * Applying OCI image layers to a rootfs: decompression by media type, diff_id check in the same
 * pass, whiteouts, and refusal of every way a tar can write outside its directory. Entry point:
 * {@link dev.claviger.image.unpack.LayerUnpacker}.
 */
package dev.claviger.image.unpack;
