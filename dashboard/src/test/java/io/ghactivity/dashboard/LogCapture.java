package io.ghactivity.dashboard;

import java.io.StringWriter;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.layout.PatternLayout;

/** Collects what the server logs (through log4j, as in production) while a test runs: the log is part of the spec. */
final class LogCapture implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final WriterAppender appender;
    private final LoggerContext context;

    private LogCapture() {
        context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        appender = WriterAppender.newBuilder().setName("capture-" + System.nanoTime()).setTarget(out)
                .setLayout(PatternLayout.newBuilder().withPattern("%p %c{1} %m %ex%n").withConfiguration(config).build())
                .build();
        appender.start();
        config.getRootLogger().addAppender(appender, Level.INFO, null);
        context.updateLoggers();
    }

    static LogCapture start() {
        return new LogCapture();
    }

    String text() {
        synchronized (out) {
            return out.toString();
        }
    }

    @Override
    public void close() {
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
