package io.vireo.engine.vm;

import io.vireo.engine.testing.SerialTranscript;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The counter a guest loop prints on its serial console ({@code echo C$i}), which the saved-state tests follow
 * across a suspend, a resume or a checkpoint to tell that the guest went on (or went back) without a restart.
 */
final class GuestCounter {
    private static final Pattern COUNTER = Pattern.compile("C(\\d+)\\r?\\n");

    private GuestCounter() {
    }

    /** A transcript of the VM's serial console that types into it. */
    static SerialTranscript console(VirtualMachine vm) {
        SerialTranscript serial = new SerialTranscript(vm::typeSerial);
        vm.addSerialListener(serial::append);
        return serial;
    }

    /** Waits for a counter line of at least {@code minimum} after the last match; returns the first such value. */
    static int awaitAtLeast(SerialTranscript serial, int minimum, Instant deadline) throws Exception {
        while (true) {
            Matcher m = serial.await(COUNTER, deadline);
            int value = Integer.parseInt(m.group(1));
            if (value >= minimum) {
                return value;
            }
        }
    }

    /** The last counter line in {@code transcript}, -1 if none. */
    static int last(String transcript) {
        Matcher m = COUNTER.matcher(transcript);
        int last = -1;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }
}
