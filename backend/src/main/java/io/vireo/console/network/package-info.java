/** Virtual networks: shared infrastructure every user may list, administrators manage. */
@ApplicationModule(allowedDependencies = {"security", "audit"})
package io.vireo.console.network;

import org.springframework.modulith.ApplicationModule;
