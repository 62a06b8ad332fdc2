package io.vireo.console.vm.internal;

import java.util.List;

import org.springframework.data.jpa.repository.JpaRepository;

public interface VmEventRepository extends JpaRepository<VmEvent, Long> {

    List<VmEvent> findTop50ByVmIdOrderByAtDescIdDesc(Long vmId);
}
