package io.vireo.console.engine;

import java.io.IOException;

/** One viewer's session on a VM's screen: {@link #run} serves it until the viewer leaves or is closed. */
public interface DisplaySession extends AutoCloseable {
    void run() throws IOException;

    @Override
    void close();
}
