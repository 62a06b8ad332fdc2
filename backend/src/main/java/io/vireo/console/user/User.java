package io.vireo.console.user;

import java.time.Instant;

import io.vireo.console.domain.IdentifiedEntity;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

@Entity
@Table(name = "users")
public class User extends IdentifiedEntity {

    private String username;
    private String displayName;
    private String email;
    private String passwordHash;
    @Enumerated(EnumType.STRING)
    private GlobalRole role;
    private boolean enabled;
    private Instant createdAt;
    private String sshPublicKey;

    protected User() {
    }

    public User(String username, String displayName, String email, String passwordHash, GlobalRole role, Instant now) {
        this.username = username;
        this.displayName = displayName;
        this.email = email;
        this.passwordHash = passwordHash;
        this.role = role;
        this.enabled = true;
        this.createdAt = now;
    }

    public boolean isAdmin() {
        return role == GlobalRole.ADMIN;
    }

    public void changePassword(String newHash) {
        this.passwordHash = newHash;
    }

    public void update(String displayName, String email, GlobalRole role, boolean enabled) {
        this.displayName = displayName;
        this.email = email;
        this.role = role;
        this.enabled = enabled;
    }

    /** The key is checked by {@link SshPublicKey}; null removes it. */
    void changeSshPublicKey(String line) {
        this.sshPublicKey = line;
    }

    public String getUsername() { return username; }
    public String getDisplayName() { return displayName; }
    public String getEmail() { return email; }
    public String getPasswordHash() { return passwordHash; }
    public GlobalRole getRole() { return role; }
    public boolean isEnabled() { return enabled; }
    public Instant getCreatedAt() { return createdAt; }
    public String getSshPublicKey() { return sshPublicKey; }
}
