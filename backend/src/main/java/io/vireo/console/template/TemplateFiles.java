package io.vireo.console.template;

import java.nio.file.Path;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import io.vireo.console.datastore.DatastoreOccupant;
import io.vireo.console.datastore.LinkedDisks;
import io.vireo.console.template.internal.TemplateRepository;

/** Templates with files own their folders, and their disks may stand on another's frozen file. */
@Component
class TemplateFiles implements DatastoreOccupant, LinkedDisks {

    private final TemplateRepository templates;

    TemplateFiles(TemplateRepository templates) {
        this.templates = templates;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Path> ownedPaths() {
        return templates.findWithFiles().stream().map(Template::folder).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> standingOn(Long datastoreId, String path) {
        return templates.namesStandingOn(datastoreId, path).stream().map(name -> "template " + name).toList();
    }
}
