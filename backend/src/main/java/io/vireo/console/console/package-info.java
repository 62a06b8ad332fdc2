/**
 * A VM's screen in the browser (noVNC over a ticketed WebSocket) and its serial console. A connection ends
 * when its user loses the right to it: it follows {@code UserDisabled}, {@code UserRoleChanged} and
 * {@code MembershipChanged}.
 */
@ApplicationModule(allowedDependencies = {"vm", "engine", "hosts", "team", "user", "security", "audit"})
package io.vireo.console.console;

import org.springframework.modulith.ApplicationModule;
