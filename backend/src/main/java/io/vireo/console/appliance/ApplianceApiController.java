package io.vireo.console.appliance;

import java.net.URI;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.task.TaskView;
import jakarta.validation.Valid;

@RestController
@RequestMapping("/api/v1/appliances")
class ApplianceApiController {

    private final ApplianceService appliances;
    private final CatalogPackages packages;

    ApplianceApiController(ApplianceService appliances, CatalogPackages packages) {
        this.appliances = appliances;
        this.packages = packages;
    }

    @GetMapping
    @Operation(summary = "The appliance catalog: starter guests (whether each is built, its template) and OVA entries")
    List<ApplianceView> catalog() {
        return appliances.catalog();
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Add an OVA to the catalog (admins)",
            description = "file: an uploaded .ova, kept as appliances/<name>.ova of the datastore; or path: an .ova"
                    + " already in the datastore. Its descriptor gives the entry's title, description and shape.")
    ResponseEntity<ApplianceView> add(@RequestPart(name = "file", required = false) MultipartFile file,
            @RequestParam(required = false) String name, @RequestParam(required = false) Long datastoreId,
            @RequestParam(required = false) String path) {
        CatalogPackage added = packages.add(name, file, datastoreId, path);
        return ResponseEntity.created(URI.create("/api/v1/appliances")).body(new ApplianceView(added.entry(), null,
                null, null, added.hasLicense(), false));
    }

    @PostMapping("/{name}/build")
    @Operation(summary = "Build an appliance from Debian packages (admins)",
            description = "Runs as a task; when it succeeds the appliance is a shared template.")
    ResponseEntity<TaskView> build(@PathVariable String name) {
        return accepted(TaskView.of(appliances.build(name)));
    }

    @PostMapping("/{name}/deploy")
    @Operation(summary = "Deploy a catalog OVA as a VM of a team",
            description = "Imports the package as POST /api/v1/imports does; answers 202 with the import's task,"
                    + " whose targetId is the new VM.")
    ResponseEntity<TaskView> deploy(@PathVariable String name, @Valid @RequestBody PackageDeployment request) {
        return accepted(TaskView.of(packages.deploy(name, request.teamId(), request.datastoreId(),
                request.licenseAccepted())));
    }

    @DeleteMapping("/{name}")
    @Operation(summary = "Take an OVA entry out of the catalog (admins)",
            description = "An uploaded OVA is deleted with it; one that was already in the datastore stays.")
    ResponseEntity<Void> remove(@PathVariable String name) {
        packages.remove(name);
        return ResponseEntity.noContent().build();
    }

    private static ResponseEntity<TaskView> accepted(TaskView task) {
        return ResponseEntity.accepted().location(URI.create("/api/v1/tasks/" + task.id())).body(task);
    }
}
