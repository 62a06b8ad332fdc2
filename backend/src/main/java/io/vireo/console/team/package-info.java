/**
 * Teams, their members and roles, and their quotas (kept by the quota module). It tells the access policy
 * what each role permits. A team that still holds VMs cannot be deleted: the quota's usage says so.
 */
@ApplicationModule(allowedDependencies = {"user", "quota", "security", "audit"})
package io.vireo.console.team;

import org.springframework.modulith.ApplicationModule;
