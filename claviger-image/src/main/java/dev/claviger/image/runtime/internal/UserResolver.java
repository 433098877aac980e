package dev.claviger.image.runtime.internal;

import dev.claviger.image.runtime.ContainerException;
import dev.claviger.image.runtime.ProcessUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Resolves an image's {@code User} ({@code ""}, {@code uid}, {@code uid:gid}, {@code name},
 * {@code name:group}, mixed) against the rootfs's {@code /etc/passwd} and {@code /etc/group}, the
 * way Docker and containerd do: a bare uid takes the gid of its passwd entry (else 0); a named
 * user also gets the supplementary groups that list it.
 */
public final class UserResolver {
  private static final int MAX_FILE = 4 << 20;

  private record PasswdEntry(String name, long uid, long gid, String home) {}

  private record GroupEntry(String name, long gid, List<String> members) {}

  private UserResolver() {}

  public static ProcessUser resolve(String spec, Path rootfs) throws ContainerException {
    String s = spec == null ? "" : spec.strip();
    if (s.isEmpty()) {
      return withHome(0, 0, List.of(), passwd(rootfs));
    }
    int colon = s.indexOf(':');
    String userPart = colon < 0 ? s : s.substring(0, colon);
    String groupPart = colon < 0 ? null : s.substring(colon + 1);
    if (userPart.isEmpty() || (groupPart != null && groupPart.isEmpty())) {
      throw new ContainerException(ContainerException.Kind.INVALID, "bad user spec '" + s + "'");
    }
    List<PasswdEntry> users = passwd(rootfs);
    List<GroupEntry> groups = group(rootfs);
    PasswdEntry entry = findUser(userPart, users);
    long uid = entry != null ? entry.uid() : parseId(userPart, "user");
    long gid;
    if (groupPart != null) {
      gid = findGroup(groupPart, groups);
    } else {
      gid = entry != null ? entry.gid() : 0;
    }
    List<Long> extra = new ArrayList<>();
    if (entry != null && groupPart == null) {
      for (GroupEntry g : groups) {
        if (g.members().contains(entry.name()) && g.gid() != gid && !extra.contains(g.gid())) {
          extra.add(g.gid());
        }
      }
    }
    return new ProcessUser(uid, gid, extra, entry != null ? entry.home() : "/");
  }

  private static ProcessUser withHome(long uid, long gid, List<Long> extra, List<PasswdEntry> users) {
    for (PasswdEntry u : users) {
      if (u.uid() == uid) {
        return new ProcessUser(uid, gid, extra, u.home());
      }
    }
    return new ProcessUser(uid, gid, extra, uid == 0 ? "/root" : "/");
  }

  private static PasswdEntry findUser(String user, List<PasswdEntry> users) throws ContainerException {
    boolean numeric = isNumeric(user);
    for (PasswdEntry u : users) {
      if (numeric ? Long.toString(u.uid()).equals(stripZeros(user)) : u.name().equals(user)) {
        return u;
      }
    }
    if (!numeric) {
      throw new ContainerException(ContainerException.Kind.USER_NOT_FOUND,
          "user '" + user + "' is not in the rootfs /etc/passwd");
    }
    return null;
  }

  private static long findGroup(String group, List<GroupEntry> groups) throws ContainerException {
    if (isNumeric(group)) {
      return parseId(group, "group");
    }
    for (GroupEntry g : groups) {
      if (g.name().equals(group)) {
        return g.gid();
      }
    }
    throw new ContainerException(ContainerException.Kind.USER_NOT_FOUND,
        "group '" + group + "' is not in the rootfs /etc/group");
  }

  private static List<PasswdEntry> passwd(Path rootfs) throws ContainerException {
    List<PasswdEntry> out = new ArrayList<>();
    for (String[] f : lines(rootfs, "/etc/passwd")) {
      if (f.length >= 7 && isNumeric(f[2]) && isNumeric(f[3])) {
        out.add(new PasswdEntry(f[0], parseId(f[2], "uid"), parseId(f[3], "gid"), f[5].isEmpty() ? "/" : f[5]));
      }
    }
    return out;
  }

  private static List<GroupEntry> group(Path rootfs) throws ContainerException {
    List<GroupEntry> out = new ArrayList<>();
    for (String[] f : lines(rootfs, "/etc/group")) {
      if (f.length >= 3 && isNumeric(f[2])) {
        List<String> members = f.length >= 4 && !f[3].isEmpty() ? List.of(f[3].split(",")) : List.of();
        out.add(new GroupEntry(f[0], parseId(f[2], "gid"), members));
      }
    }
    return out;
  }

  private static List<String[]> lines(Path rootfs, String file) throws ContainerException {
    Optional<byte[]> data;
    try {
      data = RootfsFiles.read(rootfs, file, MAX_FILE);
    } catch (IOException e) {
      throw new ContainerException(ContainerException.Kind.IO, "reading " + file + ": " + e.getMessage(), e);
    }
    List<String[]> out = new ArrayList<>();
    if (data.isPresent()) {
      for (String line : new String(data.get(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          out.add(line.split(":", -1));
        }
      }
    }
    return out;
  }

  private static boolean isNumeric(String s) {
    if (s.isEmpty() || s.length() > 10) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static String stripZeros(String s) {
    return Long.toString(Long.parseLong(s));
  }

  private static long parseId(String s, String what) throws ContainerException {
    if (!isNumeric(s) || Long.parseLong(s) > 0xFFFF_FFFEL) {
      throw new ContainerException(ContainerException.Kind.USER_NOT_FOUND,
          what + " '" + s + "' is neither numeric nor a known name");
    }
    return Long.parseLong(s);
  }
}
