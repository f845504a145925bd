package io.kaizen.backup;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of backup-core, top to bottom, as docs/ARCHITECTURE.md draws them: a package may use only packages
 * of lower layers (and of its own layer, without cycles). An arrow that runs up, or a cycle between any two
 * packages, fails the build.
 */
class LayeringTest {
    private static final String ROOT = "io.kaizen.backup";
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    static ArchRule layers() {
        return layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Api").definedBy(ROOT + ".api..")
                .layer("Jobs").definedBy(ROOT + ".snapshot..", ROOT + ".collect", ROOT + ".verify..",
                        ROOT + ".restore..", ROOT + ".history..", ROOT + ".install..", ROOT + ".report..",
                        ROOT + ".config..", ROOT + ".offsite")
                .layer("Sources").definedBy(ROOT + ".source..", ROOT + ".inventory..")
                .layer("Volume").definedBy(ROOT + ".volume..")
                .layer("Pull").definedBy(ROOT + ".collect.pull..")
                .layer("Agent").definedBy(ROOT + ".remote.agent..")
                .layer("Remote").definedBy(ROOT + ".remote")
                .layer("OffsiteTarget").definedBy(ROOT + ".offsite.target..")
                .layer("Transfer").definedBy(ROOT + ".transfer..", ROOT + ".retention..")
                .layer("Store").definedBy(ROOT + ".store..")
                .layer("Fs").definedBy(ROOT + ".fs..")
                .layer("Process").definedBy(ROOT + ".process..")
                .layer("Base").definedBy(ROOT)
                .whereLayer("Api").mayNotBeAccessedByAnyLayer()
                .whereLayer("Jobs").mayOnlyBeAccessedByLayers("Api")
                .whereLayer("Sources").mayOnlyBeAccessedByLayers("Api", "Jobs")
                .whereLayer("Volume").mayOnlyBeAccessedByLayers("Api", "Jobs", "Sources")
                .whereLayer("Pull").mayOnlyBeAccessedByLayers("Api", "Jobs", "Sources")
                .whereLayer("Agent").mayOnlyBeAccessedByLayers("Api", "Jobs", "Sources", "Pull")
                .whereLayer("Remote").mayOnlyBeAccessedByLayers("Api", "Jobs", "Sources", "Pull", "Agent")
                .whereLayer("OffsiteTarget").mayOnlyBeAccessedByLayers("Api", "Jobs")
                .whereLayer("Transfer").mayOnlyBeAccessedByLayers("Api", "Jobs", "Sources", "Pull", "Agent", "Remote")
                .whereLayer("Store").mayOnlyBeAccessedByLayers("Api", "Jobs", "Sources", "Pull", "Agent", "Remote",
                        "Transfer")
                .whereLayer("Fs").mayOnlyBeAccessedByLayers("Api", "Jobs", "Sources", "Pull", "Agent", "Remote",
                        "OffsiteTarget", "Transfer", "Store")
                .whereLayer("Process").mayOnlyBeAccessedByLayers("Api", "Jobs", "Sources", "Volume", "Pull", "Agent",
                        "Remote", "OffsiteTarget", "Transfer", "Store", "Fs")
                .allowEmptyShould(true);
    }

    @Test
    void everyArrowRunsDown() {
        layers().check(classes);
    }

    @Test
    void noPackagesFormACycle() {
        slices().matching(ROOT + ".(**)").should().beFreeOfCycles().check(classes);
    }
}
