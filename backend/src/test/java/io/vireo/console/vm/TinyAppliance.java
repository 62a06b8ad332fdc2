package io.vireo.console.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;

import io.vireo.console.Fixtures;
import io.vireo.console.appliance.ApplianceService;
import io.vireo.console.task.TaskService;
import io.vireo.console.task.TaskState;
import io.vireo.console.template.internal.TemplateRepository;

/** The tiny appliance as a shared template, for tests that boot a real guest. */
final class TinyAppliance {

    private TinyAppliance() {
    }

    /** Builds it (from the cache under ~/.cache/vireo after the first time) and answers its template's id. */
    static Long template(Fixtures fixtures, ApplianceService appliances, TaskService tasks,
            TemplateRepository templates) {
        Long taskId = fixtures.asAdmin(() -> appliances.build("tiny").getId());
        Awaitility.await().atMost(Duration.ofMinutes(15)).until(() ->
                fixtures.asAdmin(() -> tasks.get(taskId).getState().isFinal()));
        assertThat(fixtures.asAdmin(() -> tasks.get(taskId).getState())).isEqualTo(TaskState.SUCCEEDED);
        return templates.findByName("tiny").getFirst().getId();
    }
}
