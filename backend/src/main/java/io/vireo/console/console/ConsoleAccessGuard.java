package io.vireo.console.console;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

import io.vireo.console.team.MembershipChanged;
import io.vireo.console.user.UserDisabled;
import io.vireo.console.user.UserRoleChanged;

/**
 * Follows changes to who may do what, once they are committed, and ends the console connections they take
 * away: a disabled user, a member removed from the VM's team, an operator lowered to viewer.
 */
@Component
class ConsoleAccessGuard {

    private final ConsoleSessions sessions;

    ConsoleAccessGuard(ConsoleSessions sessions) {
        this.sessions = sessions;
    }

    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(readOnly = true, propagation = Propagation.REQUIRES_NEW)
    public void on(UserDisabled disabled) {
        sessions.recheck(disabled.username());
    }

    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(readOnly = true, propagation = Propagation.REQUIRES_NEW)
    public void on(UserRoleChanged changed) {
        sessions.recheck(changed.username());
    }

    @TransactionalEventListener(fallbackExecution = true)
    @Transactional(readOnly = true, propagation = Propagation.REQUIRES_NEW)
    public void on(MembershipChanged changed) {
        sessions.recheck(changed.username());
    }
}
