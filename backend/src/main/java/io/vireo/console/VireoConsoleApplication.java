package io.vireo.console;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class VireoConsoleApplication {

    public static void main(String[] args) {
        SpringApplication.run(VireoConsoleApplication.class, args);
    }
}
