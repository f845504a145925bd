package io.kaizen.backup.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The suite's own configuration (this module's {@code junit-platform.properties}, which every module's tests load)
 * turns a skip into a failure: each nested class below skips one way and is run through the JUnit launcher.
 */
class NoSilentSkipsTest {
    @Test
    void anAssumptionThatFailsInATestFailsIt() {
        TestExecutionSummary summary = run(AssumptionInATest.class);
        assertThat(summary.getTestsAbortedCount()).isZero();
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException())
                .hasMessageContaining("AssumptionInATest#skips was skipped")
                .hasMessageContaining("the machine lacks something");
    }

    @Test
    void anAssumptionThatFailsInABeforeEachFailsTheTest() {
        TestExecutionSummary summary = run(AssumptionInBeforeEach.class);
        assertThat(summary.getTestsAbortedCount()).isZero();
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
    }

    @Test
    void anAssumptionThatFailsInABeforeAllFailsTheClass() {
        TestExecutionSummary summary = run(AssumptionInBeforeAll.class);
        assertThat(summary.getContainersAbortedCount()).isZero();
        assertThat(summary.getContainersFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException())
                .hasMessageContaining("AssumptionInBeforeAll was skipped");
    }

    @Test
    void aDisabledTestRunsAnyway() {
        TestExecutionSummary summary = run(DisabledTest.class);
        assertThat(summary.getTestsSkippedCount()).isZero();
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        assertThat(summary.getFailures().get(0).getException()).hasMessage("ran");
    }

    @Test
    void aPassingTestStillPasses() {
        TestExecutionSummary summary = run(Passes.class);
        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(summary.getTotalFailureCount()).isZero();
    }

    private static TestExecutionSummary run(Class<?> testClass) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
                .build(), listener);
        return listener.getSummary();
    }

    static class AssumptionInATest {
        @Test
        void skips() {
            assumeTrue(false, "the machine lacks something");
        }
    }

    static class AssumptionInBeforeEach {
        @BeforeEach
        void skip() {
            assumeTrue(false, "the machine lacks something");
        }

        @Test
        void test() {
        }
    }

    static class AssumptionInBeforeAll {
        @BeforeAll
        static void skip() {
            assumeTrue(false, "the machine lacks something");
        }

        @Test
        void test() {
        }
    }

    static class DisabledTest {
        @Disabled("switched off")
        @Test
        void off() {
            fail("ran");
        }
    }

    static class Passes {
        @Test
        void passes() {
        }
    }
}
