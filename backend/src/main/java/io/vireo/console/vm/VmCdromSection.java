package io.vireo.console.vm;

import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

import io.vireo.console.image.ImageKind;
import io.vireo.console.image.ImageService;
import io.vireo.console.image.ImageView;

/** The VM page's CD-ROM drive: the ISO image in it, and the ISO images the caller sees to put in. */
@Component
class VmCdromSection implements VmPageSection {

    private final VmCdrom cdrom;
    private final ImageService images;

    VmCdromSection(VmCdrom cdrom, ImageService images) {
        this.cdrom = cdrom;
        this.images = images;
    }

    @Override
    public void addTo(Long vmId, Model model) {
        model.addAttribute("cdrom", cdrom.get(vmId));
        model.addAttribute("isoImages", images.ofKind(ImageKind.ISO).stream().map(ImageView::of).toList());
    }
}
