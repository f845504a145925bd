package io.kaizen.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build, as recorded in every manifest. */
public final class Version {
    private static final String VERSION = load();

    private Version() {
    }

    public static String current() {
        return VERSION;
    }

    /**
     * The {@code Implementation-Version} of the jar this class was loaded from, when it names one (kaizen.jar's
     * manifest does, and the class-data archive holds that manifest, so a start that maps the archive never opens
     * the jar for it); else {@code version.properties} (backup-core's own jar or classes).
     */
    private static String load() {
        String packaged = Version.class.getPackage().getImplementationVersion();
        return packaged != null ? packaged : fromProperties();
    }

    private static String fromProperties() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
