package io.vireo.console.vm;

/** A VM's CD-ROM drive: the ISO image in it, or none when it is empty. */
public record CdromView(Long imageId, String imageName) {

    static CdromView of(Vm vm) {
        return vm.getCdromImage() == null ? new CdromView(null, null)
                : new CdromView(vm.getCdromImage().getId(), vm.getCdromImage().getName());
    }
}
