package io.vireo.console.appliance;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.vireo.console.task.TaskView;

@RestController
@RequestMapping("/api/v1/appliances")
class ApplianceApiController {

    private final ApplianceService appliances;

    ApplianceApiController(ApplianceService appliances) {
        this.appliances = appliances;
    }

    @GetMapping
    @Operation(summary = "The appliance catalog: starter guests, whether each is built, its template")
    List<ApplianceView> catalog() {
        return appliances.catalog();
    }

    @PostMapping("/{name}/build")
    @Operation(summary = "Build an appliance from Debian packages (admins)",
            description = "Runs as a task; when it succeeds the appliance is a shared template.")
    ResponseEntity<TaskView> build(@PathVariable String name) {
        TaskView task = TaskView.of(appliances.build(name));
        return ResponseEntity.accepted().location(URI.create("/api/v1/tasks/" + task.id())).body(task);
    }
}
