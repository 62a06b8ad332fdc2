package io.vireo.console.vm.internal;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;

import io.vireo.console.vm.VmNic;

public interface VmNicRepository extends JpaRepository<VmNic, Long> {

    Optional<VmNic> findByMac(String mac);

    Optional<VmNic> findByNetworkIdAndReservedAddress(Long networkId, String reservedAddress);

    /** The NICs on a network: their fixed addresses go into its DHCP server. */
    List<VmNic> findByNetworkId(Long networkId);
}
