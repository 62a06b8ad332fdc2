package io.vireo.console.vm;

import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.template.Template;
import io.vireo.console.template.TemplateService;

/** Template → VM: a VM of the template's shape, its disks linked over the template's files or copied from them. */
@Service
public class TemplateDeployment {

    private final TemplateService templates;
    private final VmCreation creation;

    TemplateDeployment(TemplateService templates, VmCreation creation) {
        this.templates = templates;
        this.creation = creation;
    }

    /** The template must be one the caller sees (else "not found"); the team one they may configure. */
    @Transactional
    public VmView deploy(Long templateId, DeployRequest request) {
        Template template = templates.visible(templateId);
        // A template without a kernel image that has disks was a VM that booted from its disk: its VMs do too.
        BootSource boot = template.bootsAKernel() || !template.hasFiles() ? BootSource.TEMPLATE : BootSource.DISK;
        return creation.create(new VmRequest(request.name(), template.getDescription(), request.teamId(),
                template.getVcpus(), template.getMemoryMib(), boot, null, templateId, null, List.of(),
                List.of(), null, request.mode(), null, null, null, null, null, null, null));
    }
}
