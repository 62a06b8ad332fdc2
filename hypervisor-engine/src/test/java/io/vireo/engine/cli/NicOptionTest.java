package io.vireo.engine.cli;

import io.vireo.engine.network.Protocol;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NicOptionTest {
    @Test
    void aPlainNatNicHasNoForwards() {
        assertThat(NicOption.parse("nat").forwards()).isEmpty();
    }

    @Test
    void forwardsNameProtocolHostAddressAndPortAndTheGuestPort() {
        NicOption nic = NicOption.parse("nat,forward=tcp:127.0.0.1:8080-:80,forward=udp::5353-10.0.2.15:53");

        assertThat(nic.forwards()).containsExactly(
                new NicOption.Forward(Protocol.TCP, new InetSocketAddress("127.0.0.1", 8080), 80),
                new NicOption.Forward(Protocol.UDP, new InetSocketAddress("127.0.0.1", 5353), 53));
    }

    @Test
    void hostPortZeroAsksForAnyFreePort() {
        assertThat(NicOption.parse("nat,forward=tcp:127.0.0.1:0-:22").forwards().getFirst().host().getPort()).isZero();
    }

    @Test
    void mistakesAreRefusedWithHowToWriteIt() {
        assertThatThrownBy(() -> NicOption.parse("bridge")).hasMessageContaining("only nat networks");
        assertThatThrownBy(() -> NicOption.parse("nat,mac=52:56:00:00:00:01")).hasMessageContaining("unknown setting");
        assertThatThrownBy(() -> NicOption.parse("nat,forward=sctp:127.0.0.1:80-:80")).hasMessageContaining("tcp:127.0.0.1:8080-:80");
        assertThatThrownBy(() -> NicOption.parse("nat,forward=tcp:127.0.0.1:80-:0")).hasMessageContaining("tcp:127.0.0.1:8080-:80");
        assertThatThrownBy(() -> NicOption.parse("nat,forward=tcp:127.0.0.1:70000-:80")).hasMessageContaining("tcp:127.0.0.1:8080-:80");
        assertThatThrownBy(() -> NicOption.parse("nat,forward=tcp:localhost:80-:80")).hasMessageContaining("tcp:127.0.0.1:8080-:80");
        assertThatThrownBy(() -> NicOption.parse("nat,forward=tcp:8080:80")).hasMessageContaining("tcp:127.0.0.1:8080-:80");
    }
}
