package io.vireo.console;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

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
}
