/** The image library: files in a datastore that VMs and templates boot from (kernels) or
 * are made from (disk images). */
@ApplicationModule(allowedDependencies = {"datastore", "engine", "team", "quota", "task", "security", "audit"})
package io.vireo.console.image;

import org.springframework.modulith.ApplicationModule;
