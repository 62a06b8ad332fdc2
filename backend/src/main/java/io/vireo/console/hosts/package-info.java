/**
 * Hosts: the embedded engine ("local") and the libvirt daemons an administrator adds by URI. Every VM runs on one
 * of them; {@link io.vireo.console.hosts.PlacedHostDriver} is the one {@link io.vireo.console.engine.HostDriver} the
 * VM feature drives, and hands each call to the driver of the VM's host. The libvirt driver lives in
 * {@code hosts.libvirt}; its state changes reach the inventory as the engine's do, as
 * {@link io.vireo.console.engine.RuntimeStateChanged} events.
 */
@ApplicationModule(allowedDependencies = {"engine", "security", "audit"})
package io.vireo.console.hosts;

import org.springframework.modulith.ApplicationModule;
