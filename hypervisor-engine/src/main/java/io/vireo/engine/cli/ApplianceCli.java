package io.vireo.engine.cli;

import io.vireo.engine.appliance.Appliance;
import io.vireo.engine.appliance.ApplianceBuilder;
import io.vireo.engine.appliance.ApplianceException;
import io.vireo.engine.appliance.ApplianceRecipe;
import io.vireo.engine.appliance.ApplianceSettings;
import java.io.PrintStream;

/**
 * {@code vireo-engine appliance build <name>}: builds (or finds in the cache) an appliance and
 * prints where its files are. Arguments are the words after {@code appliance}.
 */
public final class ApplianceCli {
    private static final String USAGE = "usage: vireo-engine appliance build <name>   (known: "
            + String.join(", ", ApplianceRecipe.known()) + ")";

    private final ApplianceBuilder builder;
    private final PrintStream out;
    private final PrintStream err;

    public ApplianceCli(ApplianceBuilder builder, PrintStream out, PrintStream err) {
        this.builder = builder;
        this.out = out;
        this.err = err;
    }

    public ApplianceCli() {
        this(new ApplianceBuilder(ApplianceSettings.fromEnvironment()), System.out, System.err);
    }

    /** @return the process exit code: 0 built, 1 the build failed, 2 the arguments are wrong */
    public int run(String... args) {
        if (args.length != 2 || !args[0].equals("build")) {
            err.println(USAGE);
            return 2;
        }
        try {
            Appliance appliance = builder.build(args[1], (percent, message) -> err.printf("[%3d%%] %s%n", percent, message));
            out.println("kernel:  " + appliance.kernel());
            out.println("initrd:  " + appliance.initrd());
            out.println("cmdline: " + appliance.cmdline());
            out.println("version: " + appliance.kernelVersion());
            out.println("modules: " + String.join(" ", appliance.modules()));
            appliance.rootDisk().ifPresent(disk -> out.println("disk:    " + disk.image() + " ("
                    + disk.installedPackages() + " packages installed)"));
            return 0;
        } catch (ApplianceException e) {
            err.println("vireo-engine: " + e.getMessage());
            return 1;
        }
    }
}
