package io.vireo.console;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code vireo.*}: where the console keeps its files, what the inventory root is called,
 * and the quota a new team starts with.
 */
@ConfigurationProperties("vireo")
public record VireoProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("Datacenter") String datacenterName,
        @DefaultValue DefaultQuota defaultQuota) {

    public record DefaultQuota(
            @DefaultValue("16") int vcpus,
            @DefaultValue("32768") long memoryMib,
            @DefaultValue("500") long diskGib,
            @DefaultValue("10") int vms) {
    }
}
