/**
 * How much each team may hold, and whether a change fits. Teams' quotas are changed and shown through the
 * team module; VMs are checked against them by the VM module, which also tells this one what a team holds
 * ({@link io.vireo.console.quota.ResourceUsage}).
 */
@ApplicationModule(allowedDependencies = {})
package io.vireo.console.quota;

import org.springframework.modulith.ApplicationModule;
