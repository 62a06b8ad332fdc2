/** A VM's screen in the browser (noVNC over a ticketed WebSocket) and its serial console. */
@ApplicationModule(allowedDependencies = {"vm", "engine", "security", "audit"})
package io.vireo.console.console;

import org.springframework.modulith.ApplicationModule;
