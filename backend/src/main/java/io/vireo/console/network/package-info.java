/**
 * Virtual networks: every user may list them and plug NICs into them, administrators create, change and delete
 * them. Their addressing is checked by the engine (through the console's engine module) before it is recorded.
 */
@ApplicationModule(allowedDependencies = {"security", "audit", "engine"})
package io.vireo.console.network;

import org.springframework.modulith.ApplicationModule;
