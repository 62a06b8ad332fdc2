/**
 * Portable VMs: OVF packages (an {@code .ovf} descriptor with its manifest and disks, or all of it in one {@code .ova}
 * tar) imported as VMs, and VMs exported as such packages. The descriptor is read as untrusted input: no DTDs, no
 * external entities, no file names that leave the package.
 */
@ApplicationModule(allowedDependencies = {"vm", "template", "datastore", "engine", "task", "security", "audit"})
package io.vireo.console.ovf;

import org.springframework.modulith.ApplicationModule;
