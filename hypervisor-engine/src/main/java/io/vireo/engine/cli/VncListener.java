package io.vireo.engine.cli;

import io.vireo.engine.display.rfb.KeyboardLayout;
import io.vireo.engine.display.rfb.RfbServer;
import io.vireo.engine.vm.VirtualMachine;

import java.io.IOException;
import java.util.Optional;

/**
 * {@code boot --vnc}: listens on the address for the VM's current display server. Every power-on
 * (a guest reboot too) brings a new server, so the port is opened again for it.
 */
final class VncListener implements AutoCloseable {
    private final VncOption option;
    private final KeyboardLayout layout;
    private RfbServer server;
    private AutoCloseable listening;

    VncListener(VncOption option, KeyboardLayout layout) {
        this.option = option;
        this.layout = layout;
    }

    /** Listens for the VM's display server unless already listening for that one. */
    synchronized void follow(VirtualMachine vm) {
        Optional<RfbServer> current = vm.displayServer();
        if (current.isEmpty() || current.get() == server) {
            return;
        }
        close();
        server = current.get();
        try {
            listening = server.listen(option.address(), option.password(), layout);
        } catch (IOException e) {
            System.err.println("[vireo] cannot serve VNC on " + option.address() + ": " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (listening != null) {
            try {
                listening.close();
            } catch (Exception e) {
                // the server socket is going away either way
            }
            listening = null;
        }
    }
}
