package io.vireo.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.modulith.Modulithic;

/**
 * The console. Each package below this one is a module (see its {@code package-info}); {@code domain},
 * {@code api} and {@code web} are shared by all of them: refusals, API errors and page helpers that every
 * feature uses and that use no feature.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Modulithic(sharedModules = {"domain", "api", "web"})
public class VireoConsoleApplication {

    public static void main(String[] args) {
        SpringApplication.run(VireoConsoleApplication.class, args);
    }
}
