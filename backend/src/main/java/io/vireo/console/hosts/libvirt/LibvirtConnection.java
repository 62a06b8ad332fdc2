package io.vireo.console.hosts.libvirt;

import java.util.Optional;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.event.LifecycleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vireo.console.hosts.HostFacts;

/**
 * The connection to one libvirt daemon: opened with keep-alives and the driver's lifecycle listener, what the host is
 * read at once; a connection that breaks (the daemon stopped, keep-alives went unanswered) is dropped and opened
 * again on the next {@link #open}.
 */
final class LibvirtConnection {
    private static final Logger log = LoggerFactory.getLogger(LibvirtConnection.class);

    private final String hostName;
    private final String target;
    private final LifecycleListener listener;
    private volatile Connect current;
    private volatile Connect broken;
    private volatile HostFacts facts;
    private volatile String error = "not connected yet";

    LibvirtConnection(String hostName, String target, LifecycleListener listener) {
        this.hostName = hostName;
        this.target = target;
        this.listener = listener;
    }

    /** Connects unless connected; true when connected afterwards, else {@link #error} says why not. */
    synchronized boolean open() {
        if (current != null) {
            return true;
        }
        closeBroken();
        try {
            LibvirtEventLoop.ensureRunning();
            Connect opened = new Connect(target);
            try {
                opened.setKeepAlive(5, 3);
                opened.addLifecycleListener(listener);
                opened.registerCloseListener((closed, reason) -> lost(opened, "connection closed: " + reason));
                Capabilities capabilities = Capabilities.parse(opened.getCapabilities());
                var node = opened.nodeInfo();
                facts = new HostFacts(capabilities.hostArch(), capabilities.guestArchitectures(), node.cpus,
                        node.memory >> 10);
            } catch (LibvirtException | RuntimeException e) {
                release(opened);
                throw e;
            }
            current = opened;
            error = null;
            return true;
        } catch (LibvirtException e) {
            error = e.getMessage();
        } catch (LinkageError e) {
            error = "libvirt's client library is missing on the console's machine (Debian package libvirt0)";
        }
        return false;
    }

    /** The open connection; null while there is none. */
    Connect current() {
        return current;
    }

    Optional<String> error() {
        return Optional.ofNullable(error);
    }

    Optional<HostFacts> facts() {
        return Optional.ofNullable(facts);
    }

    /** One the console closed itself is not lost. */
    private void lost(Connect which, String why) {
        if (current != which) {
            return;
        }
        current = null;
        broken = which;
        error = why;
        log.warn("Lost libvirt host {} ({}): {}", hostName, target, why);
    }

    /** libvirt keeps a broken connection's handle until it is closed, which is done before connecting again. */
    private void closeBroken() {
        Connect c = broken;
        broken = null;
        release(c);
    }

    /**
     * Closes a connection, its listeners first: the binding would otherwise still call them for events that arrive
     * on the loop after the close, and fail on the closed handle.
     */
    private void release(Connect c) {
        if (c == null) {
            return;
        }
        try {
            c.removeLifecycleListener(listener);
            c.unregisterCloseListener();
        } catch (LibvirtException e) {
            log.debug("The connection to host {} was broken already", hostName, e);
        }
        try {
            c.close();
        } catch (LibvirtException e) {
            log.debug("Closing the connection to host {} failed", hostName, e);
        }
    }

    /** Lets go of the host; its domains run on. */
    synchronized void close() {
        closeBroken();
        Connect c = current;
        current = null;
        error = "removed";
        release(c);
    }
}
