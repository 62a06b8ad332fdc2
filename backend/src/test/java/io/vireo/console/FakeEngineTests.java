package io.vireo.console;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import io.vireo.console.engine.FakeHostDriver;
import io.vireo.console.vm.internal.VmRepository;

/**
 * What the console's tests against the {@link FakeHostDriver} drive: the API and pages, the fixtures that make
 * teams and VMs, the fake host (to make a VM's engine stop, crash or answer late) and the VM records.
 */
@FakeEngineTest
public abstract class FakeEngineTests {
    @Autowired
    protected MockMvc mvc;
    @Autowired
    protected Fixtures fixtures;
    @Autowired
    protected FakeHostDriver host;
    @Autowired
    protected VmRepository vms;
}
