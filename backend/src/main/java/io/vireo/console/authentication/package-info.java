/**
 * How callers prove who they are: form sign-in with remember-me and a throttle against guessing, personal
 * API tokens for the API, and "My account", where the tokens are issued.
 */
@ApplicationModule(allowedDependencies = {"user", "team", "security", "audit"})
package io.vireo.console.authentication;

import org.springframework.modulith.ApplicationModule;
