package io.vireo.console.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** How pages show instants ({@code ${@time.of(x)}}): minutes, in UTC like the audit log. */
@Component("time")
public class TimeFormat {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    public String of(Instant instant) {
        return instant == null ? "—" : FORMAT.format(instant);
    }
}
