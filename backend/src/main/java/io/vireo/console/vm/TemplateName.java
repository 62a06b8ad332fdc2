package io.vireo.console.vm;

import jakarta.validation.constraints.Pattern;

/** The name of a template a VM becomes; the VM's own name when left out. */
public record TemplateName(
        @Pattern(regexp = VmRequest.NAME, message = VmRequest.NAME_RULE) String name) {

    String nameOr(String fallback) {
        return name == null || name.isBlank() ? fallback : name;
    }
}
