/**
 * The console's only door to the hypervisor engine: it launches and operates VMs, builds starter
 * appliances and creates disk images. Everything else in the console calls these classes, never the
 * engine itself, so the engine stays free of Spring and the database. Engine state changes reach the
 * inventory as {@link io.vireo.console.engine.RuntimeStateChanged} events.
 */
@ApplicationModule(allowedDependencies = {})
package io.vireo.console.engine;

import org.springframework.modulith.ApplicationModule;
