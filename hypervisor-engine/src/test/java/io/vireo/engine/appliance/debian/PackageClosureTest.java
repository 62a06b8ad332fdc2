package io.vireo.engine.appliance.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PackageClosureTest {
    private static final String SHA = "f71edd27e341ff80b297f3a60d718e1a69c33f2266a51381ac2a48e9b7ee1a30";

    @Test
    void aSystemIsItsRequiredAndImportantPackagesWithEverythingTheyDependOn() throws IOException {
        PackageClosure closure = new PackageClosure(index("""
                Package: dpkg
                Priority: required
                Pre-Depends: libc6 (>= 2.38), tar
                Depends: libzstd1:any

                Package: tar
                Priority: required

                Package: libc6
                Priority: optional

                Package: libzstd1
                Priority: optional

                Package: less
                Priority: important

                Package: editor-extra
                Priority: optional
                Depends: not-pulled
                """));

        List<String> wanted = closure.withPriority("required");
        assertThat(wanted).containsExactly("dpkg", "tar");
        assertThat(names(closure.resolve(List.of("dpkg", "tar", "less"))))
                .containsExactly("dpkg", "less", "libc6", "libzstd1", "tar");
    }

    @Test
    void ofAlternativesTheFirstIsTakenUnlessAnotherIsAlreadyThere() throws IOException {
        PackageClosure closure = new PackageClosure(index("""
                Package: init
                Depends: systemd-sysv | sysvinit-core | runit-init

                Package: cron
                Depends: default-mta | mail-transport-agent, exim4 | postfix

                Package: systemd-sysv
                Package: sysvinit-core
                Package: runit-init
                Package: postfix
                Package: exim4
                Package: default-mta
                """));

        assertThat(names(closure.resolve(List.of("init")))).containsExactly("init", "systemd-sysv");
        assertThat(names(closure.resolve(List.of("postfix", "cron"))))
                .as("postfix, asked for, meets exim4 | postfix; default-mta is the first of its entry")
                .containsExactly("cron", "default-mta", "postfix");
    }

    @Test
    void aVirtualPackageIsMetByItsFirstProviderOrByAProviderAlreadyChosen() throws IOException {
        PackageClosure closure = new PackageClosure(index("""
                Package: debconf-i18n
                Depends: debconf-2.0, awk

                Package: debconf
                Provides: debconf-2.0

                Package: cdebconf
                Provides: debconf-2.0

                Package: mawk
                Provides: awk (= 1.3)

                Package: gawk
                Provides: awk
                """));

        assertThat(names(closure.resolve(List.of("debconf-i18n"))))
                .containsExactly("cdebconf", "debconf-i18n", "gawk");
        assertThat(names(closure.resolve(List.of("mawk", "debconf", "debconf-i18n"))))
                .containsExactly("debconf", "debconf-i18n", "mawk");
    }

    @Test
    void aDependencyNothingMeetsIsNamedWithThePackageThatNeedsIt() throws IOException {
        PackageClosure closure = new PackageClosure(index("""
                Package: openssh-server
                Depends: libwrap0 | libwrap1
                """));

        assertThatThrownBy(() -> closure.resolve(List.of("openssh-server")))
                .isInstanceOf(PackageSourceException.class)
                .hasMessage("openssh-server depends on libwrap0 | libwrap1, which no package in the index provides");
        assertThatThrownBy(() -> closure.resolve(List.of("sshd")))
                .isInstanceOf(PackageSourceException.class).hasMessage("no package sshd");
    }

    private static List<String> names(List<PackageRecord> records) {
        return records.stream().map(PackageRecord::name).toList();
    }

    /** An index from stanzas that give only what the closure reads; each starts anew and gets the download fields. */
    private static Map<String, PackageRecord> index(String stanzas) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : stanzas.lines().toList()) {
            if (line.startsWith("Package: ")) {
                String name = line.substring("Package: ".length());
                text.append("\n").append(line).append("\nVersion: 1\nFilename: pool/").append(name)
                        .append("_1_riscv64.deb\nSHA256: ").append(SHA).append('\n');
            } else {
                text.append(line).append('\n');
            }
        }
        return PackageStanzas.read(new BufferedReader(new StringReader(text.toString())));
    }
}
