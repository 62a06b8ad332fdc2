/**
 * Snapshots of a VM's disks, as a tree: take, revert, delete and consolidate, each a task that changes the VM's
 * disk chains on disk. It builds on the VM module, shows itself on a VM's page as a
 * {@link io.vireo.console.vm.VmPageSection} and keeps the tree in the VM's folder through
 * {@link io.vireo.console.vm.VmSnapshotTree}; the VM module never depends on it, and a VM's snapshot records go
 * with it in the database.
 */
@ApplicationModule(allowedDependencies = {"vm", "engine", "task", "datastore", "security", "audit"})
package io.vireo.console.snapshot;

import org.springframework.modulith.ApplicationModule;
