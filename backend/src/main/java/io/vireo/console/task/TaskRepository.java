package io.vireo.console.task;

import java.util.Collection;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface TaskRepository extends JpaRepository<Task, Long> {

    @Query("""
            select t from Task t
            where (t.teamId in :teamIds or t.requestedBy = :username)
              and t.state in :states
              and lower(t.description) like lower(concat('%', :q, '%'))""")
    Page<Task> search(Collection<Long> teamIds, String username, Collection<TaskState> states, String q,
            Pageable pageable);
}
