package io.vireo.console.vm.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

import io.vireo.console.vm.ForwardProtocol;
import io.vireo.console.vm.VmForward;

public interface VmForwardRepository extends JpaRepository<VmForward, Long> {

    List<VmForward> findByNicIdOrderById(Long nicId);

    Optional<VmForward> findByProtocolAndHostAddressAndHostPort(ForwardProtocol protocol, String hostAddress,
            int hostPort);
}
