package io.vireo.engine.display.rfb;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vireo.engine.testing.AllocationBound;
import io.vireo.engine.testing.FakeScreen;
import io.vireo.engine.testing.RecordingInput;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzz target: what an RFB client sends, from its version string through security and ClientInit to any
 * sequence of client messages. A session ends when the bytes run out or with an {@link IOException} that
 * says how the client broke the protocol, never with another exception; reading allocates at most
 * {@link #ALLOCATION_BOUND} beyond a few times the input; a view-only session sends no input to the guest.
 * The last two bytes of an input choose the session's options (view-only, then password).
 */
class RfbClientMessagesFuzzTest {
    private static final long ALLOCATION_BOUND = 4L << 20;

    @FuzzTest(maxDuration = "5m")
    void clientStream(FuzzedDataProvider data) {
        boolean viewOnly = data.consumeBoolean();
        Optional<String> password = data.consumeBoolean() ? Optional.of("secret") : Optional.empty();
        byte[] stream = data.consumeRemainingAsBytes();
        FakeScreen screen = FakeScreen.noise(64, 48);
        RecordingInput input = new RecordingInput();
        RfbSession session = new RfbServer(screen, input).open(new ByteArrayInputStream(stream),
                OutputStream.nullOutputStream(), new RfbSession.Options("fuzz", viewOnly, password, KeyboardLayout.US));
        AllocationBound.check(ALLOCATION_BOUND + 4L * stream.length, IOException.class, session::run);
        assertThat(session.failure().orElse("")).as("the update writer's end").doesNotStartWith("update failed");
        if (viewOnly) {
            assertThat(input.events).as("input from a view-only session").isEmpty();
        }
    }
}
