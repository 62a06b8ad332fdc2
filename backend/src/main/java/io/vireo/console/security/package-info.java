/**
 * Who may do what: {@link io.vireo.console.security.AccessPolicy} decides every service's access with the
 * object's owning team. It asks the user module who a signed-in name is
 * ({@link io.vireo.console.security.Accounts}) and the team module what their roles permit
 * ({@link io.vireo.console.security.TeamPermissions}), so both of them depend on it and it on neither.
 */
@ApplicationModule(allowedDependencies = {})
package io.vireo.console.security;

import org.springframework.modulith.ApplicationModule;
