package io.vireo.console.hosts.credentials;

import java.time.Clock;
import java.util.Optional;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sealed credentials in the table {@code host_credentials}. Each write commits in a transaction of its own: a key made
 * while adding a host stays even when adding the host fails, since an administrator may already trust it.
 */
@Component
class JpaCredentialStore implements CredentialStore {

    private final HostCredentialRepository repository;
    private final TransactionTemplate transactions;
    private final Clock clock;

    JpaCredentialStore(HostCredentialRepository repository, PlatformTransactionManager transactionManager,
            Clock clock) {
        this.repository = repository;
        this.transactions = new TransactionTemplate(transactionManager);
        this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    @Override
    public Optional<SealedCredential> find(String name) {
        return repository.findById(name).map(HostCredential::sealed);
    }

    /** Two consoles on one database making the key at once: the first row stays, the other reads it. */
    @Override
    public SealedCredential saveIfAbsent(SealedCredential credential) {
        try {
            return transactions.execute(status -> repository.findById(credential.name()).orElseGet(() ->
                    repository.saveAndFlush(new HostCredential(credential, clock.instant()))).sealed());
        } catch (DataIntegrityViolationException raced) {
            return find(credential.name()).orElseThrow(() -> raced);
        }
    }
}
