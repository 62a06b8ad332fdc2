package io.vireo.console.datastore;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import io.vireo.console.domain.ConflictException;

/**
 * Files that linked disks stand on, asked of every {@link LinkedDisks}: deleting a VM, snapshot, template or
 * image whose files are such a base is refused with the list of what depends on it.
 */
@Component
public class FrozenFiles {

    /** Looked up when asked: the holders build on the datastore module, and one of them on this very class. */
    private final ObjectProvider<LinkedDisks> holders;

    FrozenFiles(ObjectProvider<LinkedDisks> holders) {
        this.holders = holders;
    }

    /** Whose disks stand on {@code path} (a file or folder relative to the datastore), sorted by name. */
    public List<String> dependantsOf(Datastore datastore, String path) {
        return holders.orderedStream().flatMap(h -> h.standingOn(datastore.getId(), path).stream()).sorted().toList();
    }

    /** Refuses (409) to remove or change {@code what} while linked disks stand on {@code path}, naming them. */
    public void ensureNoDependants(Datastore datastore, String path, String what) {
        List<String> dependants = dependantsOf(datastore, path);
        if (!dependants.isEmpty()) {
            ConflictException refusal = new ConflictException("Linked disks depend on it", what
                    + " is the base of linked disks: " + String.join(", ", dependants)
                    + ". Delete them first");
            refusal.getBody().setProperty("dependants", dependants);
            throw refusal;
        }
    }
}
