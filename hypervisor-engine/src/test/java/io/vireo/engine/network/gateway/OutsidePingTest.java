package io.vireo.engine.network.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.vireo.engine.network.Ipv4Address;
import io.vireo.engine.network.MacAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Pings beyond the gateway when the process may open no ICMP socket. */
class OutsidePingTest {
    @Test
    void withoutAnIcmpSocketPingsAreDroppedAndCounted() {
        List<PingKey> replies = new ArrayList<>();
        try (OutsidePing ping = new OutsidePing(Optional.empty(), (key, sequence, data, offset, length) -> replies.add(key))) {
            PingKey key = new PingKey(MacAddress.parse("52:56:00:00:00:01"), -1, Ipv4Address.parse("10.0.2.15"),
                    Ipv4Address.parse("192.0.2.1"), 1);
            ping.send(key, 1, new byte[8], 0, 8);
            ping.send(key, 2, new byte[8], 0, 8);
            assertThat(ping.tick(System.nanoTime())).isEqualTo(Long.MAX_VALUE);
            assertThat(ping.dropped()).isEqualTo(2);
            assertThat(replies).isEmpty();
        }
    }
}
