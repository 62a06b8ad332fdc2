/** Templates: starting points for new VMs, shared or a team's own. */
@ApplicationModule(allowedDependencies = {"team", "image", "datastore", "engine", "quota", "task", "security", "audit"})
package io.vireo.console.template;

import org.springframework.modulith.ApplicationModule;
