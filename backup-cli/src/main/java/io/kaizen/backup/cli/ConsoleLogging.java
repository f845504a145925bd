package io.kaizen.backup.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import ch.qos.logback.core.status.NopStatusListener;

/**
 * The command line's logging, configured in code (found by logback through {@code META-INF/services}, ranked
 * before its own configurators, which then never run: no search for or parse of an XML file at start-up).
 * Warnings and worse go to stdout, one line each, and logback's own status messages nowhere; {@link CommonOptions} lowers the level for {@code --verbose}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class ConsoleLogging extends ContextAwareBase implements Configurator {
    private static Level rootLevel = Level.WARN;
    private static LoggerContext configured;

    /** Sets the root level: now if logback has started, else when it starts. */
    static synchronized void setRootLevel(Level level) {
        rootLevel = level;
        if (configured != null) {
            configured.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(level);
        }
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        synchronized (ConsoleLogging.class) {
            configured = context;
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(rootLevel);
        }
        context.getStatusManager().add(new NopStatusListener());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level %logger{0}: %msg%n");
        encoder.start();
        ConsoleAppender<ILoggingEvent> stdout = new ConsoleAppender<>();
        stdout.setContext(context);
        stdout.setName("stdout");
        stdout.setEncoder(encoder);
        stdout.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(stdout);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
