/** Policy parsing and requirement evaluation behind {@code dev.claviger.image.policy}. */
package dev.claviger.image.policy.internal;
