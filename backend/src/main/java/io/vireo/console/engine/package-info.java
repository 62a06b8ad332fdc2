/**
 * The console's only door to the hypervisor engine: it launches and operates VMs, builds starter
 * appliances and creates disk images. Everything else in the console calls these classes, never the
 * engine itself, so the engine stays free of Spring and the database.
 */
package io.vireo.console.engine;
