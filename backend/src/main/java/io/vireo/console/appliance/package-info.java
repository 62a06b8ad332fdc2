/**
 * The appliance catalog: builds starter guests as tasks and registers each as a kernel image and a shared
 * template.
 */
@ApplicationModule(allowedDependencies = {"template", "image", "datastore", "engine", "task", "security", "audit"})
package io.vireo.console.appliance;

import org.springframework.modulith.ApplicationModule;
