package io.vireo.console;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.vireo.console.team.Team;
import io.vireo.console.team.TeamRole;
import io.vireo.console.vm.internal.VmRepository;

/** What most of the console's tests drive: the API and pages, the fixtures that make teams and VMs, the VM records. */
@ConsoleTest
public abstract class ConsoleTests {
    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected Fixtures fixtures;
    @Autowired
    protected VmRepository vms;

    /** The team a test made with {@link #newTeamWithOwner}, and its owner signed in. */
    protected Team team;
    protected RequestPostProcessor owner;

    /** Makes a new team, grants it the datastore when asked, and signs its owner in: {@link #team}, {@link #owner}. */
    protected void newTeamWithOwner(boolean grantDatastore) {
        team = fixtures.team();
        if (grantDatastore) {
            fixtures.grantDatastore(team);
        }
        owner = fixtures.signedIn(team, TeamRole.OWNER);
    }
}
