package io.vireo.console.hosts;

/** How many VMs the inventory holds, told by the VM feature: those not placed on a libvirt host are local. */
public interface InventorySize {
    long vmCount();
}
