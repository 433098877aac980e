/**
 * OCI runtime bundles ({@code config.json} from an image config) and launching them with runc.
 * Entry points: {@link dev.claviger.image.runtime.RuntimeSpec}, {@link
 * dev.claviger.image.runtime.Runc}.
 */
package dev.claviger.image.runtime;
