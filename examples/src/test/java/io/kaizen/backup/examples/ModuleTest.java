package io.kaizen.backup.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.kaizen.backup.api.Backups;
import org.junit.jupiter.api.Test;

/** These tests run on the module path, as an embedder's application does, against what core exports. */
class ModuleTest {
    @Test
    void coreIsTheNamedModuleAndItsInternalsAreNotExported() {
        Module core = Backups.class.getModule();

        assertThat(core.getName()).isEqualTo("io.kaizen.backup");
        assertThat(core.isExported("io.kaizen.backup.api")).isTrue();
        assertThat(core.isExported("io.kaizen.backup.fs")).isFalse();
        assertThat(core.isExported("io.kaizen.backup.transfer")).isFalse();
        assertThat(core.isExported("io.kaizen.backup.remote.agent")).isFalse();
        assertThat(ModuleTest.class.getModule().getName()).isEqualTo("io.kaizen.backup.examples");
    }
}
