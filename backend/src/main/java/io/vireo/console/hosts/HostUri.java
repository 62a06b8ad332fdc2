package io.vireo.console.hosts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vireo.console.domain.InvalidFieldException;

/**
 * Where the console reaches a libvirt daemon, in one of the three shapes it accepts: {@code qemu:///system} (the
 * daemon of the console's own machine), {@code qemu+ssh://[user@]host[:port]/system} and
 * {@code qemu+tls://host[:port]/system}. Nothing else passes: libvirt hands the parts of an ssh URI to an ssh
 * command, and its query parameters ({@code ?command=}, {@code ?keyfile=}, {@code ?socket=}) choose programs and
 * files, so a URI is rebuilt from checked parts, never passed on as typed.
 */
public record HostUri(String value) {

    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    /** A DNS name or IPv4 address (never starting with a dash, which ssh would read as an option), or [IPv6]. */
    private static final String HOST = "(?<host>" + LABEL + "(?:\\." + LABEL + ")*|\\[[0-9A-Fa-f:.]{2,45}\\])";
    private static final Pattern REMOTE = Pattern.compile("qemu\\+(?<transport>ssh|tls)://"
            + "(?:(?<user>[a-z_][a-z0-9_.-]{0,31})@)?" + HOST + "(?::(?<port>[0-9]{1,5}))?/system");
    private static final Pattern LOOPBACK = Pattern.compile(
            "qemu\\+(ssh|tls)://([^@/]+@)?(127\\.0\\.0\\.1|localhost|\\[::1\\])(:[0-9]+)?/system");
    public static final String LOCAL = "qemu:///system";
    public static final String RULE = "qemu:///system, qemu+ssh://[user@]host[:port]/system or"
            + " qemu+tls://host[:port]/system";

    /** The URI if it has one of the accepted shapes, else an error on field {@code uri} that says which they are. */
    public static HostUri parse(String text) {
        String typed = text == null ? "" : text.strip();
        if (typed.equals(LOCAL)) {
            return new HostUri(LOCAL);
        }
        Matcher remote = REMOTE.matcher(typed);
        if (!remote.matches()) {
            throw new InvalidFieldException("uri", "Give a libvirt URI of the form " + RULE);
        }
        String port = remote.group("port");
        if (port != null && (Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535)) {
            throw new InvalidFieldException("uri", "The port must be 1 to 65535");
        }
        if (remote.group("transport").equals("tls") && remote.group("user") != null) {
            throw new InvalidFieldException("uri", "A qemu+tls URI names no user: the certificates say who connects");
        }
        String user = remote.group("user") == null ? "" : remote.group("user") + "@";
        return new HostUri("qemu+" + remote.group("transport") + "://" + user + remote.group("host")
                + (port == null ? "" : ":" + Integer.parseInt(port)) + "/system");
    }

    /** The daemon of the console's own machine: it sees the console's files under the same paths. */
    public boolean isLocal() {
        return value.equals(LOCAL);
    }

    /** Reached over SSH, with the console's own key. */
    public boolean isSsh() {
        return value.startsWith("qemu+ssh://");
    }

    /**
     * Whether the daemon runs on the console's machine, directly or over SSH to loopback: then it sees the console's
     * files under the same paths and runs QEMU as the console's user.
     */
    public boolean isThisMachine() {
        return isLocal() || LOOPBACK.matcher(value).matches();
    }

    /** Who and where ssh connects for a {@code qemu+ssh} host; empty for the other shapes. */
    public Optional<SshTarget> sshTarget() {
        Matcher remote = REMOTE.matcher(value);
        if (!isSsh() || !remote.matches()) {
            return Optional.empty();
        }
        String host = remote.group("host");
        return Optional.of(new SshTarget(Optional.ofNullable(remote.group("user")),
                host.startsWith("[") ? host.substring(1, host.length() - 1) : host,
                remote.group("port") == null ? SshTarget.DEFAULT_PORT : Integer.parseInt(remote.group("port"))));
    }

    /**
     * What libvirt is given to connect. An SSH host is reached with the console's key through {@code sshCommand}, the
     * console's program that runs ssh checking the host's pinned key (see {@code HostKeys}). Both files come from the
     * console, never from what an administrator typed.
     */
    public String connection(Path sshKeyFile, Path sshCommand) {
        if (!isSsh()) {
            return value;
        }
        return value + "?keyfile=" + escaped(sshKeyFile) + "&command=" + escaped(sshCommand);
    }

    private static String escaped(Path file) {
        return URLEncoder.encode(file.toAbsolutePath().toString(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return value;
    }
}
