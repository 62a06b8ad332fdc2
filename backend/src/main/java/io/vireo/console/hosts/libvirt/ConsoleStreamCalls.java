package io.vireo.console.hosts.libvirt;

import org.libvirt.Domain;
import org.libvirt.Stream;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.SizeT;
import org.libvirt.jna.StreamPointer;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The calls of libvirt's console streams that the Java binding 0.5.4 lacks: {@code virDomainOpenConsole}, and
 * receiving and sending on a non-blocking stream (the binding's own {@code receive} fails on "no data yet"). They take
 * the handles the binding's {@link Domain} and {@link Stream} hold ({@link BindingHandles}).
 */
final class ConsoleStreamCalls {
    /** {@code VIR_DOMAIN_CONSOLE_FORCE}: takes the console from a client that still holds it (a console restarted). */
    private static final int FORCE = 1;
    /** What {@code virStreamRecv} and {@code virStreamSend} answer on a non-blocking stream that must wait. */
    static final int AGAIN = -2;

    private interface Api extends Library {
        int virDomainOpenConsole(DomainPointer domain, String device, StreamPointer stream, int flags);

        int virStreamRecv(StreamPointer stream, byte[] data, SizeT length);

        int virStreamSend(StreamPointer stream, byte[] data, SizeT length);

        String virGetLastErrorMessage();
    }

    private static final class Loaded {
        static final Api API = Native.load("virt", Api.class);
    }

    private ConsoleStreamCalls() {
    }

    /** Connects {@code stream} to the domain's first console (its serial port). */
    static void open(Domain domain, Stream stream) throws ConsoleStreamException {
        check(Loaded.API.virDomainOpenConsole(BindingHandles.of(domain), null, BindingHandles.of(stream), FORCE));
    }

    /** Bytes received into {@code buffer}: 0 at the end of the stream, {@link #AGAIN} when none is there yet. */
    static int receive(Stream stream, byte[] buffer) throws ConsoleStreamException {
        return check(Loaded.API.virStreamRecv(BindingHandles.of(stream), buffer, new SizeT(buffer.length)));
    }

    /** Bytes of {@code bytes} sent, or {@link #AGAIN} when the stream takes none now. */
    static int send(Stream stream, byte[] bytes) throws ConsoleStreamException {
        return check(Loaded.API.virStreamSend(BindingHandles.of(stream), bytes, new SizeT(bytes.length)));
    }

    private static int check(int result) throws ConsoleStreamException {
        if (result == -1) {
            throw new ConsoleStreamException(Loaded.API.virGetLastErrorMessage());
        }
        return result;
    }

    /** libvirt refused a console call; its message says why. */
    static final class ConsoleStreamException extends Exception {
        ConsoleStreamException(String message) {
            super(message);
        }
    }
}
