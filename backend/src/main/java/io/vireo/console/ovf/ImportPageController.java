package io.vireo.console.ovf;

import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import io.vireo.console.web.PageActions;

/** The VM list's "Import OVF or OVA" form: the import's task page follows its progress. */
@Controller
class ImportPageController {

    private final PackageImports imports;
    private final PageActions actions;

    ImportPageController(PackageImports imports, PageActions actions) {
        this.imports = imports;
        this.actions = actions;
    }

    @PostMapping("/vms/import")
    String importPackage(@RequestParam(name = "file", required = false) List<MultipartFile> files,
            @RequestParam Long teamId, @RequestParam(required = false) Long datastoreId,
            @RequestParam(defaultValue = "false") boolean acceptEula, RedirectAttributes redirect) {
        List<Upload> parts = files == null ? List.of() : files.stream().filter(f -> !f.isEmpty()).map(Upload::new)
                .toList();
        return actions.run(redirect, () -> "/vms", "Importing the package: its disks are being converted", null,
                () -> "/tasks/" + imports.importPackage(parts, new PackageImports.Options(teamId, datastoreId, Map.of(),
                        acceptEula, false)).getId());
    }
}
