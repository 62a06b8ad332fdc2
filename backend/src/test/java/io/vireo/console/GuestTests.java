package io.vireo.console;

import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the console's tests with a booted guest drive besides the API: the guest's power buttons, keyboard and
 * serial console ({@link GuestConsole}). They run the real engine.
 */
public abstract class GuestTests extends ConsoleTests {
    @Autowired
    protected GuestConsole guest;
}
