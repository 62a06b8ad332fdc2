package io.vireo.console.hosts.libvirt;

import java.util.Optional;

/**
 * Where and how the console reaches one libvirt host.
 *
 * @param name     the host's name in the inventory, in messages
 * @param target   what libvirt connects to: the host's URI, with the console's SSH key and pinned host key for an
 *                 SSH host
 * @param dacLabel runs QEMU as this {@code +uid:+gid} (the console's own user, for a daemon on its machine)
 * @param display  how a viewer reaches a domain's VNC display on the host's loopback; none for a host without one
 * @param domains  how this console names its domains there
 */
public record LibvirtHost(String name, String target, Optional<String> dacLabel, Optional<VncRoute> display,
        DomainNames domains) {
}
