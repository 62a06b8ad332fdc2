/**
 * Shared by every module's pages: small forms run post/redirect/get ({@link io.vireo.console.web.PageActions}),
 * the create forms show refusals next to their field ({@link io.vireo.console.web.FormErrors}), and times
 * print alike ({@code @time}). It knows no feature; pages that combine features live in {@code portal}.
 */
@ApplicationModule(allowedDependencies = {})
package io.vireo.console.web;

import org.springframework.modulith.ApplicationModule;
