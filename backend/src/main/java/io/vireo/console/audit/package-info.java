/**
 * The audit log: every {@link io.vireo.console.audit.Audited} service call, sign-ins and console
 * connections, with who, what and how it ended. Only administrators read it (the access policy says so).
 */
@ApplicationModule(allowedDependencies = {"security"})
package io.vireo.console.audit;

import org.springframework.modulith.ApplicationModule;
