package io.vireo.console.ovf;

import java.util.List;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.web.PageActions;
import tools.jackson.databind.json.JsonMapper;

/**
 * The VM list's "Import OVF, OVA or VMware VM" form, with the mapping its script filled in from the package's
 * descriptor: the import's task page follows its progress.
 */
@Controller
class ImportPageController {

    private final PackageImports imports;
    private final PageActions actions;
    private final JsonMapper json;

    ImportPageController(PackageImports imports, PageActions actions, JsonMapper json) {
        this.imports = imports;
        this.actions = actions;
        this.json = json;
    }

    @PostMapping("/vms/import")
    String importPackage(@RequestParam(name = "file", required = false) List<MultipartFile> files,
            @RequestParam Long teamId, @RequestParam(required = false) Long datastoreId,
            @RequestParam(required = false) String path, @RequestParam(defaultValue = "false") boolean acceptEula,
            @RequestParam(name = "as", defaultValue = "VM") ImportApiController.ImportAs as,
            @RequestParam(required = false) String mapping, RedirectAttributes redirect) {
        return actions.run(redirect, () -> "/vms", "Importing the package: its disks are being converted", null,
                () -> "/tasks/" + imports.importPackage(Upload.chosen(files), path,
                        new PackageImports.Options(teamId, datastoreId, ImportMapping.parse(mapping, json).networks(),
                                acceptEula, as == ImportApiController.ImportAs.TEMPLATE)).getId());
    }
}
