/** The machine the console runs its engine on: today the only host of the datacenter. */
@ApplicationModule(allowedDependencies = {})
package io.vireo.console.host;

import org.springframework.modulith.ApplicationModule;
