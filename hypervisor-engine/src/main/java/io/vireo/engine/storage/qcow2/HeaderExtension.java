package io.vireo.engine.storage.qcow2;

/** A qcow2 header extension kept verbatim so rewriting the header does not lose it. */
record HeaderExtension(int type, byte[] data) {
    static final int END = 0;
    static final int BACKING_FORMAT = 0xe2792aca;
}
