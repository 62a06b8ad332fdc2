/**
 * The snapshot records of each VM, as a tree, which can be read and deleted (none are taken any more). It
 * builds on the VM module and shows itself on a VM's page as a {@link io.vireo.console.vm.VmPageSection};
 * the VM module never depends on it, and a VM's snapshot records go with it in the database.
 */
@ApplicationModule(allowedDependencies = {"vm", "security", "audit"})
package io.vireo.console.snapshot;

import org.springframework.modulith.ApplicationModule;
