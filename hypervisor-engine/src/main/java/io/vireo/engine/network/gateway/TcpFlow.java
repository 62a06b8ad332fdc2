package io.vireo.engine.network.gateway;

import io.vireo.engine.network.frame.TcpHeader;
import io.vireo.engine.network.frame.TcpSegment;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One guest TCP connection translated to a host socket the way passt does it, without a TCP stack: the flow
 * keeps only the sequence numbers of both directions, the guest's window, and two bounded byte rings.
 * Guest data is acknowledged once the host socket took it (the window offered is the ring's room), host data
 * is kept until the guest acknowledges it and sent again after a timeout or three duplicate ACKs. Runs on the
 * network's thread only. The lifecycle is {@link TcpFlowState}; when to send again is
 * {@link Retransmission}'s, when to acknowledge {@link DelayedAck}'s. What is left (over 400 lines) is one
 * job, moving bytes both ways through the two rings with their sequence numbers, which splitting further
 * would only spread over classes sharing them.
 */
final class TcpFlow implements EventLoop.Handler {
    /** The flow table a flow belongs to. */
    interface Owner {
        /** The flow ended and released its socket. */
        void closed(TcpFlow flow);

        /**
         * The flow owes the guest an acknowledgment: the owner calls {@link #acknowledge} once the frames and
         * events at hand are handled, and again until it went, so a burst of guest segments costs one ACK.
         */
        void acknowledgeLater(TcpFlow flow);
    }

    /** The shift we offer: windows up to 8 MiB in 16 bits, enough for any ring size we allow. */
    static final int OUR_WINDOW_SCALE = 7;
    /** The gateway takes segments as large as IP carries; the guest's own MTU lowers what it sends. */
    static final int OUR_MSS = 65_535 - 40;
    /** RFC 9293's default when a SYN carries no MSS option. */
    private static final int DEFAULT_MSS = 536;

    private final FlowKey key;
    private final SocketChannel socket;
    private final GuestWire wire;
    private final GatewayLimits limits;
    private final Owner owner;
    private SelectionKey selection;
    private TcpFlowState state;
    private long stateSince;
    private long lastActivity;

    private int guestNext;
    private final ByteRing toHost;
    private boolean hostOutputShut;
    private int ourScale;

    private int una;
    private int next;
    private final ByteRing fromHost;
    private int guestWindow;
    private int guestScale;
    private int mss = DEFAULT_MSS;
    private boolean hostEof;
    private boolean finSent;
    private final Retransmission retransmission;
    private final DelayedAck ack;

    private TcpFlow(FlowKey key, SocketChannel socket, GuestWire wire, GatewayLimits limits, Owner owner,
                    TcpFlowState state, long now) {
        this.key = key;
        this.socket = socket;
        this.wire = wire;
        this.limits = limits;
        this.owner = owner;
        this.state = state;
        this.stateSince = now;
        this.lastActivity = now;
        this.toHost = new ByteRing(limits.tcpBuffer());
        this.fromHost = new ByteRing(limits.tcpBuffer());
        this.retransmission = new Retransmission(limits.retransmit(), limits.retransmissions());
        this.ack = new DelayedAck(limits.ackDelay());
        this.una = ThreadLocalRandom.current().nextInt();
        this.next = una + 1;
    }

    /** A flow for the guest's SYN: the socket is connecting (non-blocking) to where the gateway mapped it. */
    static TcpFlow connecting(FlowKey key, TcpHeader syn, SocketChannel socket, GuestWire wire, GatewayLimits limits,
                              Owner owner, long now) {
        TcpFlow flow = new TcpFlow(key, socket, wire, limits, owner, TcpFlowState.CONNECTING, now);
        flow.guestNext = syn.sequence() + 1;
        flow.takeSynOptions(syn);
        return flow;
    }

    /** A flow for a connection a port forward accepted: our SYN goes to the guest now. */
    static TcpFlow accepted(FlowKey key, SocketChannel socket, GuestWire wire, GatewayLimits limits,
                            Owner owner, long now) {
        TcpFlow flow = new TcpFlow(key, socket, wire, limits, owner, TcpFlowState.SYN_SENT, now);
        flow.ourScale = OUR_WINDOW_SCALE;
        flow.sendSyn();
        return flow;
    }

    void watch(EventLoop loop) throws IOException {
        selection = loop.register(socket, state == TcpFlowState.CONNECTING ? SelectionKey.OP_CONNECT : 0, this);
        if (state == TcpFlowState.CONNECTING && socket.isConnected()) {
            hostConnected();
            settle();
        }
    }

    FlowKey key() {
        return key;
    }

    @Override
    public void ready(SelectionKey ready) {
        long now = System.nanoTime();
        try {
            if (ready.isConnectable()) {
                socket.finishConnect();
                hostConnected();
            }
            if (ready.isValid() && ready.isWritable()) {
                flushToHost();
            }
            if (ready.isValid() && ready.isReadable()) {
                readFromHost(now);
            }
            settle();
        } catch (IOException e) {
            reset();
        }
    }

    /** One segment from the guest, already matched to this flow. */
    void onSegment(TcpSegment segment, long now) {
        TcpHeader header = segment.header();
        lastActivity = now;
        if (header.has(TcpHeader.RST)) {
            onGuestReset(header);
            return;
        }
        try {
            switch (state) {
                case CONNECTING -> {
                    // A SYN sent again while the host connects: the SYN-ACK follows once it has.
                }
                case SYN_SENT -> onSynAck(header);
                case SYN_ACK_SENT -> {
                    if (header.has(TcpHeader.SYN)) {
                        sendSynAck();
                    } else if (header.has(TcpHeader.ACK) && header.acknowledgment() == next) {
                        una = next;
                        guestWindow = header.window() << guestScale;
                        moveTo(TcpFlowState.ESTABLISHED);
                        onData(segment);
                    }
                }
                case CLOSED -> {
                }
                default -> {
                    if (header.has(TcpHeader.SYN)) {
                        sendAck();
                        return;
                    }
                    onData(segment);
                }
            }
            settle();
        } catch (IOException e) {
            reset();
        }
    }

    private void onData(TcpSegment segment) throws IOException {
        TcpHeader header = segment.header();
        if (header.has(TcpHeader.ACK)) {
            onGuestAck(header.acknowledgment(), header.window() << guestScale,
                    segment.payloadLength() > 0 || header.has(TcpHeader.FIN));
        }
        if (segment.payloadLength() > 0) {
            onGuestData(header.sequence(), segment);
        }
        if (header.has(TcpHeader.FIN)) {
            onGuestFin(header.sequence() + segment.payloadLength());
        }
    }

    private void onSynAck(TcpHeader header) {
        if (!header.has(TcpHeader.SYN | TcpHeader.ACK) || header.acknowledgment() != next) {
            return;
        }
        guestNext = header.sequence() + 1;
        takeSynOptions(header);
        una = next;
        moveTo(TcpFlowState.ESTABLISHED);
        sendAck();
    }

    private void takeSynOptions(TcpHeader syn) {
        boolean scaling = syn.windowScale() != TcpHeader.ABSENT;
        guestScale = scaling ? syn.windowScale() : 0;
        ourScale = scaling ? OUR_WINDOW_SCALE : 0;
        mss = syn.mss() == TcpHeader.ABSENT ? DEFAULT_MSS : Math.clamp(syn.mss(), 64, 65535 - 40);
        guestWindow = syn.window();
    }

    private void onGuestAck(int ack, int window, boolean carriesSomething) {
        int advanced = ack - una;
        int inFlight = next - una;
        if (advanced < 0 || advanced > inFlight) {
            return;
        }
        if (advanced > 0) {
            boolean finAcked = finSent && ack == next;
            fromHost.skip(advanced - (finAcked ? 1 : 0));
            una = ack;
            retransmission.progressed(System.nanoTime(), una != next);
        } else if (!carriesSomething && inFlight > 0 && window == guestWindow && retransmission.duplicate()) {
            rewind();
        }
        guestWindow = window;
    }

    private void onGuestData(int sequence, TcpSegment segment) throws IOException {
        int skip = guestNext - sequence;
        int length = segment.payloadLength();
        if (state == TcpFlowState.GUEST_CLOSED || state == TcpFlowState.BOTH_CLOSED || skip < 0 || skip >= length) {
            // A gap (a frame went missing), or data we already hold: say at once what we have, so a guest
            // that sees this three times resends from there.
            sendAck();
            return;
        }
        int take = Math.min(length - skip, toHost.free());
        toHost.put(segment.data(), segment.payloadOffset() + skip, take);
        guestNext += take;
        flushToHost();
    }

    private void onGuestFin(int sequence) throws IOException {
        if (sequence != guestNext || state == TcpFlowState.GUEST_CLOSED || state == TcpFlowState.BOTH_CLOSED) {
            sendAck();
            return;
        }
        guestNext++;
        moveTo(state == TcpFlowState.HOST_CLOSED ? TcpFlowState.BOTH_CLOSED : TcpFlowState.GUEST_CLOSED);
        flushToHost();
        oweAcknowledgment(true);
    }

    private void onGuestReset(TcpHeader header) {
        int offset = header.sequence() - guestNext;
        if (state == TcpFlowState.SYN_SENT || offset >= -1 && offset < ourWindow()) {
            abortHost();
        }
    }

    private void hostConnected() {
        moveTo(TcpFlowState.SYN_ACK_SENT);
        sendSynAck();
        retransmission.arm(System.nanoTime());
    }

    /** Hands guest data to the host socket; what it took is what we acknowledge. */
    private void flushToHost() throws IOException {
        if (toHost.size() > 0 && toHost.writeTo(socket) > 0) {
            oweAcknowledgment(false);
        }
        if (toHost.size() == 0 && !hostOutputShut && (state == TcpFlowState.GUEST_CLOSED || state == TcpFlowState.BOTH_CLOSED)) {
            socket.shutdownOutput();
            hostOutputShut = true;
            oweAcknowledgment(true);
        }
    }

    private void oweAcknowledgment(boolean urgent) {
        ack.owe(acknowledged(), mss, urgent, System.nanoTime());
    }

    private void readFromHost(long now) throws IOException {
        int room = Math.min(fromHost.capacity(), Math.max(guestWindow, 0)) - fromHost.size();
        if (room <= 0 || hostEof) {
            return;
        }
        int read = fromHost.readFrom(socket, room);
        if (read < 0) {
            hostEof = true;
            moveTo(state == TcpFlowState.GUEST_CLOSED ? TcpFlowState.BOTH_CLOSED : TcpFlowState.HOST_CLOSED);
        } else if (read > 0) {
            lastActivity = now;
        }
    }

    /** After any event: send what the guest's window allows, acknowledge, watch the right socket events. */
    private void settle() {
        if (state == TcpFlowState.CLOSED) {
            return;
        }
        if (state.open()) {
            pushToGuest();
        }
        if (ack.owed()) {
            owner.acknowledgeLater(this);
        }
        if (state == TcpFlowState.BOTH_CLOSED && hostOutputShut && finSent && una == next) {
            close();
            return;
        }
        int ops = 0;
        if (state.open() && !hostEof && fromHost.size() < Math.min(fromHost.capacity(), guestWindow)) {
            ops |= SelectionKey.OP_READ;
        }
        if (toHost.size() > 0) {
            ops |= SelectionKey.OP_WRITE;
        }
        if (selection != null && selection.isValid() && state != TcpFlowState.CONNECTING) {
            selection.interestOps(ops);
        }
    }

    private void pushToGuest() {
        int held = fromHost.size();
        // Our FIN takes the last sequence number sent while it is unacknowledged.
        int sent = next - una - (finSent && una != next ? 1 : 0);
        while (sent < held && guestWindow - sent > 0) {
            int length = Math.min(Math.min(held - sent, guestWindow - sent), mss);
            send(next, TcpHeader.ACK | TcpHeader.PSH, sent, length);
            next += length;
            sent += length;
        }
        if (hostEof && !finSent && sent == held) {
            send(next, TcpHeader.FIN | TcpHeader.ACK, 0, 0);
            next++;
            finSent = true;
        }
        if (next != una) {
            retransmission.armIfIdle(System.nanoTime());
        }
    }

    /** Sends again from the oldest byte the guest has not acknowledged. */
    private void rewind() {
        next = una;
        finSent = false;
        retransmission.forgetDuplicates();
    }

    /** Timeouts: handshake, idleness, retransmission, and probing a window the guest closed. */
    void tick(long now) {
        if (state == TcpFlowState.CLOSED) {
            return;
        }
        if (!state.open()) {
            if (now - stateSince > limits.synTimeout().toNanos()) {
                reset();
            } else if (state != TcpFlowState.CONNECTING && retransmission.due(now)) {
                if (state == TcpFlowState.SYN_SENT) {
                    sendSyn();
                } else {
                    sendSynAck();
                }
                retransmission.arm(now);
            }
            return;
        }
        if (now - lastActivity > limits.tcpIdle().toNanos()) {
            reset();
            return;
        }
        boolean windowClosed = guestWindow == 0 && !hostEof && next == una;
        if (retransmission.due(now)) {
            if (next != una) {
                if (!retransmission.retry()) {
                    reset();
                    return;
                }
                rewind();
                pushToGuest();
            } else if (windowClosed) {
                // The guest closed its window: a segment just below it makes the guest tell its window again,
                // in case the update that opens it went missing.
                send(next - 1, TcpHeader.ACK, 0, 0);
            }
            if (next != una || windowClosed) {
                retransmission.arm(now);
            } else {
                retransmission.disarm();
            }
        } else if (windowClosed) {
            retransmission.armIfIdle(now);
        }
        settle();
    }

    private void sendSyn() {
        wire.tcp(key, new TcpHeader(key.remotePort(), key.guestPort(), next - 1, 0, TcpHeader.SYN, synWindow(),
                OUR_MSS, OUR_WINDOW_SCALE), fromHost, 0, 0);
        retransmission.arm(System.nanoTime());
    }

    private void sendSynAck() {
        ack.sent(guestNext);
        wire.tcp(key, new TcpHeader(key.remotePort(), key.guestPort(), next - 1, guestNext,
                TcpHeader.SYN | TcpHeader.ACK, synWindow(), OUR_MSS, ourScale == 0 ? TcpHeader.ABSENT : ourScale),
                fromHost, 0, 0);
    }

    /**
     * Sends the acknowledgment {@link Owner#acknowledgeLater} held back if it is due by {@code now}, unless a
     * segment since carried it; returns 0 when none is owed any more, else the nanoseconds until it is due.
     */
    long acknowledge(long now) {
        if (!ack.owed() || state == TcpFlowState.CLOSED) {
            return 0;
        }
        if (ack.untilDue(now) > 0) {
            return ack.untilDue(now);
        }
        sendAck();
        return 0;
    }

    private void sendAck() {
        send(next, TcpHeader.ACK, 0, 0);
    }

    /** Sends a segment carrying the {@code length} held host bytes {@code offset} bytes after the oldest unacknowledged. */
    private void send(int sequence, int flags, int offset, int length) {
        wire.tcp(key, new TcpHeader(key.remotePort(), key.guestPort(), sequence, acknowledged(), flags,
                Math.min(ourWindow() >>> ourScale, 0xFFFF), TcpHeader.ABSENT, TcpHeader.ABSENT), fromHost, offset, length);
        ack.sent(acknowledged());
    }

    /** The guest bytes the host socket took (and the guest's FIN once the host's output is shut). */
    private int acknowledged() {
        boolean finPending = (state == TcpFlowState.GUEST_CLOSED || state == TcpFlowState.BOTH_CLOSED) && !hostOutputShut;
        return guestNext - toHost.size() - (finPending ? 1 : 0);
    }

    private int ourWindow() {
        return Math.min(toHost.capacity(), 0xFFFF << ourScale);
    }

    private int synWindow() {
        return Math.min(toHost.capacity(), 0xFFFF);
    }

    private void moveTo(TcpFlowState nextState) {
        state = state.then(nextState);
        stateSince = System.nanoTime();
    }

    /** The host end failed or timed out: the guest gets a reset, the host socket closes. */
    void reset() {
        if (state == TcpFlowState.CLOSED) {
            return;
        }
        if (state == TcpFlowState.CONNECTING) {
            wire.tcp(key, new TcpHeader(key.remotePort(), key.guestPort(), 0, guestNext,
                    TcpHeader.RST | TcpHeader.ACK, 0, TcpHeader.ABSENT, TcpHeader.ABSENT), fromHost, 0, 0);
        } else {
            wire.tcp(key, new TcpHeader(key.remotePort(), key.guestPort(), next, acknowledged(),
                    TcpHeader.RST | TcpHeader.ACK, 0, TcpHeader.ABSENT, TcpHeader.ABSENT), fromHost, 0, 0);
        }
        abortHost();
    }

    /** The guest reset (or we gave up): the host peer gets a reset too, by closing with a zero linger. */
    private void abortHost() {
        try {
            socket.setOption(StandardSocketOptions.SO_LINGER, 0);
        } catch (IOException | UnsupportedOperationException e) {
            // Not connected yet: closing is all there is to do.
        }
        close();
    }

    /** Releases the socket and leaves the flow table; quiet, for shutdown too. */
    void close() {
        if (state == TcpFlowState.CLOSED) {
            return;
        }
        state = TcpFlowState.CLOSED;
        if (selection != null) {
            selection.cancel();
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
        owner.closed(this);
    }
}
