package io.vireo.console.ovf;

import java.net.URI;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.task.Task;
import io.vireo.console.task.TaskView;
import tools.jackson.databind.json.JsonMapper;

/** Imports another hypervisor's VM: one {@code .ova}, an OVF folder's files, or a {@code .vmx} with its disks. */
@RestController
@RequestMapping("/api/v1/imports")
class ImportApiController {

    /** What becomes of the package. */
    enum ImportAs {
        VM, TEMPLATE
    }

    private final PackageImports imports;
    private final PackageInspection inspection;
    private final JsonMapper json;

    ImportApiController(PackageImports imports, PackageInspection inspection, JsonMapper json) {
        this.imports = imports;
        this.inspection = inspection;
        this.json = json;
    }

    @PostMapping(path = "/inspect", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "What a package would import, from its descriptor alone, for the mapping step",
            description = "Send the .ovf, the .vmx, or the .ova (read only up to its descriptor). Answers its VMs"
                    + " with their disks (the controller each was on, the bus it gets), each source network with the"
                    + " Vireo network its cards go on unless mapped, what Vireo cannot give each VM, and the choices"
                    + " for the mapping JSON of the import.")
    ImportInspection inspect(@RequestPart("file") MultipartFile file, @RequestParam Long teamId,
            @RequestParam(required = false) Long datastoreId) {
        return inspection.inspect(new Upload(file), teamId, datastoreId);
    }

    @PostMapping(consumes = {MediaType.MULTIPART_FORM_DATA_VALUE, MediaType.APPLICATION_FORM_URLENCODED_VALUE})
    @Operation(summary = "Import an OVA, an OVF folder's files (.ovf, .mf, disks) or a VMware VM (.vmx and its .vmdk"
            + " files) as a VM of a team, uploaded or lying in a datastore",
            description = "Send the files as parts named file; or, instead, path: an .ova, or an OVF package's folder"
                    + " (or its .ovf), relative to datastoreId, a datastore granted to the team, which is only read."
                    + " Answers 202 with the task converting the disks; the finished task's targetType/targetId"
                    + " name the VM (as=TEMPLATE: the template it became; a collection: the first, the task's"
                    + " description names the others). A package Vireo cannot import is refused with the reason and"
                    + " leaves nothing behind.")
    ResponseEntity<TaskView> importPackage(@RequestPart(name = "file", required = false) List<MultipartFile> files,
            @RequestParam Long teamId, @RequestParam(required = false) Long datastoreId,
            @RequestParam(required = false) String path,
            @RequestParam(name = "as", defaultValue = "VM") ImportAs as,
            @RequestParam(required = false) String mapping,
            @RequestParam(defaultValue = "false") boolean acceptEula) {
        Task task = imports.importPackage(Upload.chosen(files), path, new PackageImports.Options(teamId, datastoreId,
                ImportMapping.parse(mapping, json).networks(), acceptEula, as == ImportAs.TEMPLATE));
        return ResponseEntity.accepted().location(URI.create("/api/v1/tasks/" + task.getId())).body(TaskView.of(task));
    }
}
