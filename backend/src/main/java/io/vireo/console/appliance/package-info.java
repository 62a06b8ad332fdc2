/**
 * The appliance catalog: builds starter guests as tasks and registers each as a kernel image and a shared
 * template; keeps OVA packages administrators add, which each team deploys by importing them.
 */
@ApplicationModule(allowedDependencies = {"template", "image", "datastore", "engine", "task", "security", "audit",
        "ovf", "team", "hosts"})
package io.vireo.console.appliance;

import org.springframework.modulith.ApplicationModule;
