/** The console's first start: the administrator, their team, a datastore and a network. */
@ApplicationModule(allowedDependencies = {"user", "team", "datastore", "network"})
package io.vireo.console.setup;

import org.springframework.modulith.ApplicationModule;
