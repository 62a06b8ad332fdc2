package io.vireo.console.vm;

import java.nio.file.Path;

/**
 * A kind of VM folder another hypervisor writes (a VMware folder with its {@code .vmx}), which "register VM from
 * folder" also takes: its VM is imported, its disks converted into the new VM's folder by a task, and the folder
 * itself is left as it was. The module that reads such folders provides it.
 */
public interface ForeignVmFolders {

    /** Whether {@code folder} is one of these. */
    boolean recognizes(Path folder);

    /** The VM the folder describes; a folder that cannot be imported is refused on the field {@code folder}. */
    ImportedVm read(Path folder);
}
