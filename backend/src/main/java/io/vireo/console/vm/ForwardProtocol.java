package io.vireo.console.vm;

/** What a port forward carries. */
public enum ForwardProtocol {
    TCP, UDP
}
