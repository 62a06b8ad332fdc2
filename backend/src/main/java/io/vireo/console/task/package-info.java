/**
 * Long operations users can watch: queued, running with a percentage, then done; live over server-sent
 * events ({@link io.vireo.console.task.TaskChanged}). A disabled user's streams close at once.
 */
@ApplicationModule(allowedDependencies = {"user", "security", "audit"})
package io.vireo.console.task;

import org.springframework.modulith.ApplicationModule;
