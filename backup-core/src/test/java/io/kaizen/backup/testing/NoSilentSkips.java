package io.kaizen.backup.testing;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * A test that is skipped passes by accident: this extension, registered for every test of every module (through
 * {@code META-INF/services} and {@code junit-platform.properties} in this test jar), turns an aborted test (a
 * failed assumption, in the test or in a before/after method) into a failure, unless the test is listed in
 * {@link #MAY_SKIP} with the reason it cannot run where the suite runs (Debian 12, as root, after
 * {@code scripts/install-deps test}). {@code junit-platform.properties} also deactivates JUnit's own conditions
 * ({@code @Disabled}, {@code @EnabledOnOs}, ...), so a test cannot be switched off by an annotation either.
 */
public final class NoSilentSkips implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    /**
     * The only tests that may skip, as {@code Class} (every test of it) or {@code Class#method}, each with the
     * reason it cannot run on the CI machine. Empty: everything the suite needs is installed there.
     */
    public static final Map<String, String> MAY_SKIP = Map.of();

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw failIfAborted(context, throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw failIfAborted(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw failIfAborted(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw failIfAborted(context, throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        throw failIfAborted(context, throwable);
    }

    /** {@code throwable} itself, or a failure in its place when it aborts a test that may not skip. */
    static Throwable failIfAborted(ExtensionContext context, Throwable throwable) {
        if (!(throwable instanceof TestAbortedException)) {
            return throwable;
        }
        String className = context.getRequiredTestClass().getSimpleName();
        Optional<String> method = context.getTestMethod().map(Method::getName);
        boolean listed = MAY_SKIP.containsKey(className)
                || method.map(m -> MAY_SKIP.containsKey(className + "#" + m)).orElse(false);
        if (listed) {
            return throwable;
        }
        return new AssertionFailedError(className + method.map(m -> "#" + m).orElse("")
                + " was skipped, and a skipped test passes by accident: make it run, or list it with the reason in "
                + NoSilentSkips.class.getName() + ".MAY_SKIP (" + throwable.getMessage() + ")", throwable);
    }
}
