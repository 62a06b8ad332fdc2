/**
 * Virtual machines: the inventory record, its folder in a datastore, and what the engine runs. Its use
 * cases are separate services: {@link io.vireo.console.vm.VmQueries}, {@link io.vireo.console.vm.VmCreation},
 * {@link io.vireo.console.vm.VmRegistration}, {@link io.vireo.console.vm.VmChanges},
 * {@link io.vireo.console.vm.VmPowerService} and {@link io.vireo.console.vm.VmDetails}. Modules that build
 * on VMs (snapshots) add their part of a VM's page through {@link io.vireo.console.vm.VmPageSection}.
 */
@ApplicationModule(allowedDependencies = {"team", "quota", "template", "image", "network", "datastore", "host", "hosts", "engine", "task", "security", "audit", "user"})
package io.vireo.console.vm;

import org.springframework.modulith.ApplicationModule;
