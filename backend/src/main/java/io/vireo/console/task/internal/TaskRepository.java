package io.vireo.console.task.internal;

import java.util.Collection;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;

import io.vireo.console.task.Task;
import io.vireo.console.task.TaskState;

public interface TaskRepository extends JpaRepository<Task, Long> {

    /**
     * Raises a running task's percentage. A bulk update on purpose: it leaves the row's version alone, so
     * progress reports never make a user's concurrent cancel fail.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Task t set t.percent = :percent
            where t.id = :id and t.state = io.vireo.console.task.TaskState.RUNNING and t.percent < :percent""")
    int raiseProgress(Long id, int percent);

    /** Says what a running task does now; a bulk update for the same reason as {@link #raiseProgress}. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Task t set t.step = :step
            where t.id = :id and t.state = io.vireo.console.task.TaskState.RUNNING""")
    int describeStep(Long id, String step);

    /** Names a running task's target; a bulk update for the same reason as {@link #raiseProgress}. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Task t set t.targetId = :targetId
            where t.id = :id and t.state = io.vireo.console.task.TaskState.RUNNING""")
    int name(Long id, Long targetId);

    @Query("select t.state from Task t where t.id = :id")
    TaskState stateOf(Long id);

    @Query("""
            select t from Task t
            where (t.teamId in :teamIds or t.requestedBy = :username)
              and t.state in :states
              and lower(t.description) like lower(concat('%', :q, '%'))""")
    Page<Task> search(Collection<Long> teamIds, String username, Collection<TaskState> states, String q,
            Pageable pageable);
}
