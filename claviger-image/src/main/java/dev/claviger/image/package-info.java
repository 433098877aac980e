/** Confidential OCI images: registry client, ocicrypt, signatures, policy.json, unpack and run. */
package dev.claviger.image;
