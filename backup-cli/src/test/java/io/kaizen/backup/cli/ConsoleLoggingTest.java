package io.kaizen.backup.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logging configured in code: the level a command sets holds whether logback started before or after. */
class ConsoleLoggingTest {
    @AfterEach
    void restore() {
        ConsoleLogging.setRootLevel(Level.WARN);
    }

    @Test
    void theLevelSetHoldsBeforeAndAfterLogbackStarts() {
        ConsoleLogging.setRootLevel(Level.DEBUG);
        Logger logger = LoggerFactory.getLogger(ConsoleLoggingTest.class);
        assertThat(logger.isDebugEnabled()).isTrue();
        ConsoleLogging.setRootLevel(Level.OFF);
        assertThat(logger.isErrorEnabled()).isFalse();
        ConsoleLogging.setRootLevel(Level.WARN);
        assertThat(logger.isWarnEnabled()).isTrue();
        assertThat(logger.isInfoEnabled()).isFalse();
    }

    @Test
    void logbackIsConfiguredByThisClassWithOneConsoleAppender() {
        ch.qos.logback.classic.Logger root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(
                Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("stdout")).isInstanceOf(ch.qos.logback.core.ConsoleAppender.class);
    }
}
