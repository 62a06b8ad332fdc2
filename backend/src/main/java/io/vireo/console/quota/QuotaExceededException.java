package io.vireo.console.quota;

import java.util.List;

import io.vireo.console.domain.ConflictException;

public class QuotaExceededException extends ConflictException {

    public QuotaExceededException(List<String> exceeded) {
        super("Quota exceeded", "This would exceed the team's quota for " + String.join(", ", exceeded));
        getBody().setProperty("exceeded", exceeded);
    }
}
