package dev.claviger.cli.image;

import picocli.CommandLine.Command;

/**
 * {@code claviger image}: OCI images in registries and layouts. Locations are spelled as in
 * skopeo: {@code docker://host/repo:tag} and {@code oci:DIR[:tag]}. Further subcommands
 * (encrypt/decrypt, sign/verify, unpack/run) are registered beside these.
 */
@Command(
    name = "image",
    mixinStandardHelpOptions = true,
    description = "Copy, inspect, pull and push OCI images (registries and OCI layouts).",
    subcommands = {CopyCommand.class, InspectCommand.class, PullCommand.class, PushCommand.class,
      EncryptCommand.class, DecryptCommand.class, SignCommand.class, VerifyCommand.class,
      RunCommand.class, UnpackCommand.class})
public final class ImageCommand {}
