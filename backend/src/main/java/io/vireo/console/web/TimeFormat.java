package io.vireo.console.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.springframework.stereotype.Component;

/** How pages show instants ({@code ${@time.of(x)}}, minutes, in UTC like the audit log) and durations. */
@Component("time")
public class TimeFormat {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    public String of(Instant instant) {
        return instant == null ? "—" : FORMAT.format(instant);
    }

    /** A duration as a person reads an uptime: "3 h 05 min", "4 min 12 s". */
    public String duration(Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) {
            return String.format("%d h %02d min", s / 3600, s % 3600 / 60);
        }
        return s >= 60 ? String.format("%d min %02d s", s / 60, s % 60) : s + " s";
    }
}
