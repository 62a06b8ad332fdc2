/**
 * Shared by every module's REST controllers: the page of a list ({@link io.vireo.console.api.PageResponse}),
 * RFC 9457 answers for what Spring and the security layer raise, and the OpenAPI description. It uses no
 * other module.
 */
@ApplicationModule(allowedDependencies = {})
package io.vireo.console.api;

import org.springframework.modulith.ApplicationModule;
