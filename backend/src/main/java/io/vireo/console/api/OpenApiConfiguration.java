package io.vireo.console.api;

import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "Vireo console API", version = "v1",
                description = "VMs, templates, snapshots, images, networks, datastores, teams, quotas, tasks and the"
                        + " audit log. Errors are RFC 9457 problem details. Lists take page, size, sort and filters."),
        security = @SecurityRequirement(name = "token"))
@SecurityScheme(name = "token", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "A personal API token from 'My account' (vireo_…)")
class OpenApiConfiguration {
}
