package io.vireo.console.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.vireo.console.ConsoleTest;
import io.vireo.console.Fixtures;
import io.vireo.console.task.internal.TaskRepository;
import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;

@ConsoleTest
class TaskCancellationTest {

    @Autowired
    MockMvc mvc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    TaskService tasks;
    @Autowired
    TaskRepository repository;

    @Test
    void anOperatorCancelsARunningTaskAndTheWorkStopsAtItsNextReport() throws Exception {
        Team team = fixtures.team();
        String operator = fixtures.member(team, TeamRole.OPERATOR).getUsername();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch cancelled = new CountDownLatch(1);
        AtomicBoolean stopped = new AtomicBoolean();
        Task task = fixtures.asAdmin(() -> tasks.submit(new TaskSpec("test.wait", "Wait for cancel", team.getId(),
                null, null), progress -> {
                    progress.report(10);
                    progress.report(20);
                    running.countDown();
                    try {
                        cancelled.await(10, TimeUnit.SECONDS);
                        progress.report(30);
                    } catch (TaskCancelledException e) {
                        stopped.set(true);
                        throw e;
                    }
                }));
        assertThat(running.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(repository.findById(task.getId()).orElseThrow().getPercent()).isEqualTo(20);

        mvc.perform(post("/api/v1/tasks/{id}/cancel", task.getId()).with(user(operator)).with(csrf()))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("CANCELLED"));
        cancelled.countDown();

        Awaitility.await().atMost(Duration.ofSeconds(10)).untilTrue(stopped);
        assertThat(repository.findById(task.getId()).orElseThrow().getState()).isEqualTo(TaskState.CANCELLED);
        mvc.perform(post("/api/v1/tasks/{id}/cancel", task.getId()).with(user(operator)).with(csrf()))
                .andExpect(status().isConflict());
    }
}
