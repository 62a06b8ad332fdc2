/**
 * Datastores: host directories where VM folders and images live. Shared infrastructure every user may
 * list; the database refuses to delete one that VMs or images still live in.
 */
@ApplicationModule(allowedDependencies = {"security", "audit"})
package io.vireo.console.datastore;

import org.springframework.modulith.ApplicationModule;
