package io.vireo.engine.network;

/** The transport protocols a port forward carries. */
public enum Protocol {
    TCP, UDP
}
