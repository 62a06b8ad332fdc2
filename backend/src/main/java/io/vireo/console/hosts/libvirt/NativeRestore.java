package io.vireo.console.hosts.libvirt;

import org.libvirt.Connect;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.Libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;

import io.vireo.console.domain.ConflictException;

/**
 * libvirt's {@code virDomainRestoreFlags}, which the Java binding lacks: a saved domain restored with its XML changed
 * (its disks on the files the VM has now, which a snapshot may have moved since it was saved). Called through JNA
 * on the binding's own connection handle.
 */
final class NativeRestore {
    /** Runs the restored domain even if it was saved paused: a VM comes back from its saved state running. */
    private static final int RUNNING = 1 << 1;

    private interface Virt extends Library {
        int virDomainRestoreFlags(ConnectionPointer conn, String from, String dxml, int flags);
    }

    private static final class Loaded {
        static final Virt VIRT = Native.load("virt", Virt.class);
    }

    private NativeRestore() {
    }

    /** Restores the domain saved in {@code image} as {@code domainXml} describes it, running. */
    static void restore(Connect connection, String image, String domainXml, String what) {
        if (Loaded.VIRT.virDomainRestoreFlags(BindingHandles.of(connection), image, domainXml, RUNNING) < 0) {
            var error = Libvirt.INSTANCE.virGetLastError();
            throw new ConflictException("Host refused the saved state", what + ": "
                    + (error == null ? "libvirt gave no reason" : error.message));
        }
    }
}
