/** Virtual networks recorded by earlier versions: every user may list them, administrators delete them. */
@ApplicationModule(allowedDependencies = {"security", "audit"})
package io.vireo.console.network;

import org.springframework.modulith.ApplicationModule;
