/**
 * Pages that combine several modules: the self-service start page (my teams, their quotas and VMs) and the
 * inventory tree every page's layout shows.
 */
@ApplicationModule(allowedDependencies = {"vm", "team", "quota", "task", "template", "network", "datastore", "host", "security"})
package io.vireo.console.portal;

import org.springframework.modulith.ApplicationModule;
