package io.vireo.console.hosts.credentials;

import org.springframework.data.jpa.repository.JpaRepository;

public interface HostCredentialRepository extends JpaRepository<HostCredential, String> {
}
