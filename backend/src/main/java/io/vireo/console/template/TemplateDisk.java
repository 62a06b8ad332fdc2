package io.vireo.console.template;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.vireo.console.domain.IdentifiedEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

/**
 * A base disk of a template: the top file of its chain in the template's folder (read-only for good). A
 * template made from a linked clone keeps standing on that clone's base ({@code basePath}, relative to the
 * datastore).
 */
@Entity
@Table(name = "template_disks")
public class TemplateDisk extends IdentifiedEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    private Template template;
    private int position;
    private String fileName;
    private String format;
    private long sizeGib;
    private String basePath;

    protected TemplateDisk() {
    }

    TemplateDisk(Template template, int position, String fileName, String format, long sizeGib, String basePath) {
        this.template = template;
        this.position = position;
        this.fileName = fileName;
        this.format = format;
        this.sizeGib = sizeGib;
        this.basePath = basePath;
    }

    /**
     * The bytes of this disk's file in the template's folder. A VM becomes a template only without snapshots, so
     * its folder holds one file per disk; a base it stands on elsewhere is counted by that base's owner.
     */
    long sizeOnDisk(Path folder) {
        try {
            return Files.size(folder.resolve(fileName));
        } catch (IOException e) {
            return 0;
        }
    }

    public int getPosition() { return position; }
    public String getFileName() { return fileName; }
    public String getFormat() { return format; }
    public long getSizeGib() { return sizeGib; }
    public String getBasePath() { return basePath; }
}
