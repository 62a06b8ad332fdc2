package io.vireo.console.host;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.springframework.stereotype.Component;

/** The machine this console runs its engine on: today the only host of the datacenter. */
@Component
public class LocalHost {

    private final String name;

    public LocalHost() {
        this.name = resolveName();
    }

    public String name() {
        return name;
    }

    private static String resolveName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
