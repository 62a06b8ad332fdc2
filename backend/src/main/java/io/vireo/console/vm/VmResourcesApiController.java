package io.vireo.console.vm;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** A VM's share of the host: its CPU shares and cap, and its memory while it runs. */
@RestController
@RequestMapping("/api/v1/vms/{id}")
class VmResourcesApiController {

    private final VmCpuAllocation cpuAllocation;
    private final VmLiveMemory liveMemory;

    VmResourcesApiController(VmCpuAllocation cpuAllocation, VmLiveMemory liveMemory) {
        this.cpuAllocation = cpuAllocation;
        this.liveMemory = liveMemory;
    }

    @GetMapping("/cpu")
    @Operation(summary = "A VM's CPU shares and cap")
    VmCpu cpu(@PathVariable Long id) {
        return cpuAllocation.get(id);
    }

    @PutMapping("/cpu")
    @Operation(summary = "Change a VM's CPU shares and cap", description = "A running VM gets them at once.")
    VmCpu allocateCpu(@PathVariable Long id, @Valid @RequestBody VmCpu cpu) {
        return cpuAllocation.allocate(id, cpu);
    }

    @PostMapping("/memory")
    @Operation(summary = "Change a running VM's memory without a reboot",
            description = "Through the guest's balloon, between the VM's memory minimum and its configured memory;"
                    + " the guest's total memory follows within seconds. The Host API shows the memory left to it"
                    + " and held.")
    ResponseEntity<Void> memory(@PathVariable Long id, @Valid @RequestBody MemoryRequest request) {
        liveMemory.resize(id, request.memoryMib());
        return ResponseEntity.accepted().build();
    }

    record MemoryRequest(@NotNull @Min(VmMemory.FLOOR_MIB) @Max(1048576) Long memoryMib) {
    }
}
