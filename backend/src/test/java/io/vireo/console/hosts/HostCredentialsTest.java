package io.vireo.console.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import io.vireo.console.ConsoleTests;

/** The console's SSH key in the real database: only sealed there, its public half shown, its private half never. */
class HostCredentialsTest extends ConsoleTests {

    @Autowired
    private SshIdentity ssh;
    @Autowired
    private JdbcTemplate jdbc;
    @Value("${vireo.data-dir}")
    private Path dataDir;

    @Test
    void theDatabaseHoldsNoPlainPrivateKeyAndNoEndpointShowsIt() throws Exception {
        String privateKey = Files.readString(ssh.keyFile());
        String body = privateKey.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat);
        List<Map<String, Object>> rows = jdbc.queryForList("select * from host_credentials");

        assertThat(rows).hasSize(1);
        assertThat(rows.toString()).contains(ssh.publicKey()).doesNotContain("PRIVATE KEY")
                .doesNotContain(SshIdentityTest.secretPart(body));
        assertThat(dataDir.resolve("ssh")).as("no plain key in the data dir").doesNotExist();
        mvc.perform(get("/api/v1/hosts/ssh-key").with(fixtures.signedInAdmin())).andExpect(status().isOk())
                .andExpect(content().string(ssh.publicKey() + "\n"));
        mvc.perform(get("/admin/hosts").with(fixtures.signedInAdmin()))
                .andExpect(content().string(Matchers.containsString(ssh.publicKey())))
                .andExpect(content().string(not(Matchers.containsString("PRIVATE KEY"))));
    }
}
