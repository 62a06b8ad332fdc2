/**
 * The console's users, their global role and password; it tells the access policy who a signed-in name is
 * and signs users in. Disabling a user publishes {@link io.vireo.console.user.UserDisabled}.
 */
@ApplicationModule(allowedDependencies = {"security", "audit"})
package io.vireo.console.user;

import org.springframework.modulith.ApplicationModule;
