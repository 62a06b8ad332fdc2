package io.vireo.console.vm;

import java.io.IOException;
import java.io.InputStream;

import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.datastore.DatastoreService;
import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.web.PageActions;

/** The VM page's "Files" section (move to another datastore, download a backup) and restoring a backup. */
@Controller
class VmFilesPageController implements VmPageSection {
    private static final PageRequest CHOICES = PageRequest.of(0, 200, Sort.by("name"));

    private final VmRelocation relocation;
    private final VmArchive archive;
    private final DatastoreService datastores;
    private final PageActions actions;

    VmFilesPageController(VmRelocation relocation, VmArchive archive, DatastoreService datastores,
            PageActions actions) {
        this.relocation = relocation;
        this.archive = archive;
        this.datastores = datastores;
        this.actions = actions;
    }

    @Override
    public void addTo(Long vmId, Model model) {
        model.addAttribute("moveTargets", datastores.summaries(CHOICES));
    }

    @PostMapping("/vms/{id}/move")
    String move(@PathVariable Long id, @RequestParam(required = false) Long datastoreId, RedirectAttributes redirect) {
        return actions.run(redirect, "/vms/" + id, "Moving the VM's files: follow the task under Tasks", null,
                () -> relocation.move(id, datastoreId));
    }

    @PostMapping("/vms/restore")
    String restore(@RequestParam(name = "file", required = false) MultipartFile file, @RequestParam Long teamId,
            @RequestParam(required = false) Long datastoreId, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/vms", "VM restored from its backup", null, () -> {
            try (InputStream in = file == null ? InputStream.nullInputStream() : file.getInputStream()) {
                return "/vms/" + archive.restore(in, teamId, datastoreId).id();
            } catch (IOException e) {
                throw new InvalidFieldException("file", "The upload could not be read: " + e.getMessage());
            }
        });
    }
}
