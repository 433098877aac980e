/** Implementation of the signature formats (bounded parsers, OpenPGP and key-file plumbing). */
package dev.claviger.image.sign.internal;
