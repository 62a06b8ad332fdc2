package io.vireo.engine.network.gateway;

/** Where a {@link TcpFlow} stands; half-closes are states of their own. */
enum TcpFlowState {
    /** The guest's SYN arrived; the host socket is connecting. */
    CONNECTING,
    /** The host accepted; our SYN-ACK went to the guest, which has not acknowledged it yet. */
    SYN_ACK_SENT,
    /** A forwarded host connection: our SYN went to the guest. */
    SYN_SENT,
    ESTABLISHED,
    /** The guest sent FIN; the host may still send. */
    GUEST_CLOSED,
    /** The host socket reached its end; the guest may still send. */
    HOST_CLOSED,
    /** Both sent FIN; waiting for the last data to drain and the guest to acknowledge our FIN. */
    BOTH_CLOSED,
    CLOSED;

    TcpFlowState then(TcpFlowState next) {
        boolean legal = next == CLOSED || switch (this) {
            case CONNECTING -> next == SYN_ACK_SENT;
            case SYN_ACK_SENT, SYN_SENT -> next == ESTABLISHED;
            case ESTABLISHED -> next == GUEST_CLOSED || next == HOST_CLOSED;
            case GUEST_CLOSED, HOST_CLOSED -> next == BOTH_CLOSED;
            case BOTH_CLOSED, CLOSED -> false;
        };
        if (!legal || this == CLOSED) {
            throw new IllegalStateException("a TCP flow cannot go from " + this + " to " + next);
        }
        return next;
    }

    boolean open() {
        return this == ESTABLISHED || this == GUEST_CLOSED || this == HOST_CLOSED || this == BOTH_CLOSED;
    }
}
