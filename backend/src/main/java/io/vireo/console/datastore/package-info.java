/**
 * Datastores: host directories where VM folders and images live. Shared infrastructure every user may
 * list; administrators grant one to teams whose owners may then register VM folders from it. The
 * modules that keep files in datastores say which
 * ({@link io.vireo.console.datastore.DatastoreOccupant}), so one that still holds anything is not deleted.
 */
@ApplicationModule(allowedDependencies = {"team", "security", "audit"})
package io.vireo.console.datastore;

import org.springframework.modulith.ApplicationModule;
