/**
 * The shared kernel: the exceptions a service throws to refuse a request (not found, conflict, an invalid
 * field), each carrying the problem detail the user is told. Every module may use it; it uses none.
 */
@ApplicationModule(allowedDependencies = {})
package io.vireo.console.domain;

import org.springframework.modulith.ApplicationModule;
