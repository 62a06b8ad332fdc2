package io.vireo.console.hosts.placement;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The host the scheduler chose (none when no host can take the VM), and why each other host was passed over. */
public record Decision(Optional<Candidate> chosen, Map<String, String> passedOver) {

    public Decision {
        passedOver = Collections.unmodifiableMap(new LinkedHashMap<>(passedOver));
    }

    /** "host: why; host: why", in the order the hosts were listed. */
    public String reasons() {
        return passedOver.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
    }
}
