package io.vireo.console.hosts.libvirt;

import java.lang.reflect.Field;

import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.Stream;
import org.libvirt.jna.ConnectionPointer;
import org.libvirt.jna.DomainPointer;
import org.libvirt.jna.StreamPointer;

/**
 * The C handles the Java binding's (0.5.4) {@link Connect}, {@link Domain} and {@link Stream} keep in protected
 * fields, for the few libvirt calls the binding lacks and this package makes through JNA ({@link NodeCounters},
 * {@link NativeRestore}, {@link ConsoleStreamCalls}).
 */
final class BindingHandles {
    private static final Field CONNECT = field(Connect.class, "vcp");
    private static final Field DOMAIN = field(Domain.class, "vdp");
    private static final Field STREAM = field(Stream.class, "vsp");

    private BindingHandles() {
    }

    static ConnectionPointer of(Connect connection) {
        ConnectionPointer handle = (ConnectionPointer) get(CONNECT, connection);
        if (handle == null || handle.getPointer() == null) {
            throw new IllegalStateException("the connection is closed");
        }
        return handle;
    }

    static DomainPointer of(Domain domain) {
        return (DomainPointer) get(DOMAIN, domain);
    }

    static StreamPointer of(Stream stream) {
        return (StreamPointer) get(STREAM, stream);
    }

    private static Field field(Class<?> type, String name) {
        try {
            Field field = type.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("the libvirt binding no longer holds " + type.getSimpleName() + "." + name,
                    e);
        }
    }

    private static Object get(Field field, Object of) {
        try {
            return field.get(of);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the libvirt binding's handle is out of reach", e);
        }
    }
}
