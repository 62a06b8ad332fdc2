package io.vireo.console.ovf;

import java.util.Map;

import io.vireo.console.domain.InvalidFieldException;
import io.vireo.console.vm.DiskBus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The user's {@code mapping} of an import, as the API and the import page send it:
 * {@code {"networks": {"source network": "Vireo network"}, "disks": {"scsi0:0": "VIRTIO"}}}. A disk's bus must be one
 * the engine has (virtio is its only one, so every disk gets it whatever the source controller was).
 */
record ImportMapping(Map<String, String> networks, Map<String, String> disks) {

    static final ImportMapping NONE = new ImportMapping(Map.of(), Map.of());

    static ImportMapping parse(String mapping, JsonMapper json) {
        if (mapping == null || mapping.isBlank()) {
            return NONE;
        }
        ImportMapping parsed;
        try {
            parsed = json.readValue(mapping, ImportMapping.class);
        } catch (JacksonException e) {
            throw new InvalidFieldException("mapping", "The mapping is not JSON of the form {\"networks\":"
                    + " {\"source network\": \"Vireo network\"}, \"disks\": {\"disk\": \"VIRTIO\"}}");
        }
        Map<String, String> disks = parsed.disks() == null ? Map.of() : Map.copyOf(parsed.disks());
        for (Map.Entry<String, String> disk : disks.entrySet()) {
            // An imported VM's disks are all virtio-blk: SCSI ones could be neither snapshotted nor cloned yet.
            if (!DiskBus.VIRTIO.name().equals(disk.getValue())) {
                throw new InvalidFieldException("mapping", "Disk " + OvfUnits.abbreviate(disk.getKey()) + " cannot go"
                        + " on the bus " + OvfUnits.abbreviate(String.valueOf(disk.getValue())) + "; an imported VM's"
                        + " disks are " + DiskBus.VIRTIO);
            }
        }
        return new ImportMapping(parsed.networks() == null ? Map.of() : Map.copyOf(parsed.networks()), disks);
    }
}
