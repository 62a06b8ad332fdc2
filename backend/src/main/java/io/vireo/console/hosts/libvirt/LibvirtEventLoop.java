package io.vireo.console.hosts.libvirt;

import org.libvirt.Connect;
import org.libvirt.Library;
import org.libvirt.jna.Libvirt;
import org.libvirt.LibvirtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libvirt delivers domain events and keep-alives only through an event loop registered before the first connection
 * and run by a thread of the process: started once, on the first connection, and left running as a daemon thread.
 */
final class LibvirtEventLoop {
    private static final Logger log = LoggerFactory.getLogger(LibvirtEventLoop.class);
    /**
     * libvirt prints every error on stderr unless a callback takes it; each one is also raised as the exception the
     * driver handles (a domain not found is an off VM), so the callback drops them. Held here: JNA lets go of a
     * callback nothing references.
     */
    private static final Libvirt.VirErrorCallback QUIET = (data, error) -> { };
    private static boolean running;

    private LibvirtEventLoop() {
    }

    static synchronized void ensureRunning() throws LibvirtException {
        if (running) {
            return;
        }
        Connect.setErrorCallback(QUIET);
        Library.initEventLoop();
        Thread.ofPlatform().daemon().name("libvirt-events").start(() -> {
            try {
                Library.runEventLoop();
            } catch (LibvirtException e) {
                log.error("libvirt's event loop stopped: host events and keep-alives stop with it", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        running = true;
    }
}
