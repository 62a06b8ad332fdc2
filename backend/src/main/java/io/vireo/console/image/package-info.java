/** The image library: files in a datastore that VMs and templates boot from. */
@ApplicationModule(allowedDependencies = {"datastore", "security", "audit"})
package io.vireo.console.image;

import org.springframework.modulith.ApplicationModule;
