/** The console's first start: the administrator, their team and a datastore. */
@ApplicationModule(allowedDependencies = {"user", "team", "datastore"})
package io.vireo.console.setup;

import org.springframework.modulith.ApplicationModule;
