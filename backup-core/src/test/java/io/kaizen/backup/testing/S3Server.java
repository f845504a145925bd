package io.kaizen.backup.testing;

import io.kaizen.backup.offsite.target.S3Location;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.shaded.org.eclipse.jetty.server.Handler;
import org.gaul.shaded.org.eclipse.jetty.server.Request;
import org.gaul.shaded.org.eclipse.jetty.server.Server;
import org.gaul.shaded.org.eclipse.jetty.server.handler.HandlerWrapper;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.FilesystemApiMetadata;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real S3 server for a test class: S3Proxy on 127.0.0.1 (a free port of this project's range), its objects
 * in files under a temporary directory (the jclouds "filesystem" back end), one bucket, {@link #BUCKET},
 * created, and a key pair that it accepts (AWS signatures v2 and v4). Every request it receives is recorded,
 * before authentication, with its {@link Kind}, so a test can assert which requests a run made, e.g. no
 * DELETE and no overwrite. Register it as a static field:
 * <pre>
 * &#64;RegisterExtension
 * static final S3Server S3 = new S3Server();
 * </pre>
 */
public final class S3Server implements BeforeAllCallback, AfterAllCallback {
    public static final String BUCKET = "kaizen-test";
    public static final String ACCESS_KEY_ID = "kaizen-test-access";
    public static final String SECRET_ACCESS_KEY = "kaizen-test-secret-0123456789";

    /** What a request did, as S3 defines it. */
    public enum Kind { PUT_OBJECT, GET_OBJECT, HEAD, LIST, DELETE, OTHER }

    /**
     * One request, as the server saw it.
     *
     * @param key      the object key (URL-decoded), empty for a request on the bucket or the service
     * @param replaced for a {@link Kind#PUT_OBJECT}: an object with that key existed before it
     * @param status   the HTTP status the server answered
     */
    public record Received(Kind kind, String method, String key, boolean replaced, int status) {
    }

    private final List<Received> received = new ArrayList<>();
    private int inFlight; // requests being handled, guarded by received
    private String owner;
    private Path dir;
    private BlobStoreContext context;
    private S3Proxy proxy;
    private URI endpoint;

    /** Starts the server for the outermost class that registers it; its nested classes share it. */
    @Override
    public void beforeAll(ExtensionContext extension) throws Exception {
        if (owner != null) {
            return;
        }
        owner = extension.getUniqueId();
        dir = Files.createTempDirectory("kaizen-s3-");
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.resolve("objects").toString());
        context = ContextBuilder.newBuilder(new FilesystemApiMetadata()).overrides(properties).build(BlobStoreContext.class);
        BlobStore blobs = context.getBlobStore();
        blobs.createContainerInLocation(null, BUCKET);
        endpoint = URI.create("http://127.0.0.1:" + Ports.free());
        proxy = S3Proxy.builder().blobStore(blobs).endpoint(endpoint)
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY_ID, SECRET_ACCESS_KEY).build();
        Server jetty = jettyOf(proxy);
        jetty.setHandler(new Recorder(jetty.getHandler(), blobs));
        proxy.start();
    }

    /** S3Proxy builds its Jetty server privately; the recorder goes in front of its handler before the start. */
    private static Server jettyOf(S3Proxy proxy) throws ReflectiveOperationException {
        Field server = S3Proxy.class.getDeclaredField("server");
        server.setAccessible(true);
        return (Server) server.get(proxy);
    }

    @Override
    public void afterAll(ExtensionContext extension) throws Exception {
        if (!extension.getUniqueId().equals(owner)) {
            return;
        }
        try {
            if (proxy != null) {
                proxy.stop();
            }
            if (context != null) {
                context.close();
            }
        } finally {
            if (dir != null) {
                FileUtils.deleteDirectory(dir.toFile());
            }
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Writes a credentials file (README.md, "Offsite credentials") with this server's key pair, mode 0600. */
    public Path credentialsFile(Path file) {
        return credentialsFile(file, ACCESS_KEY_ID, SECRET_ACCESS_KEY);
    }

    /** Writes a credentials file with any key pair, mode 0600. */
    public static Path credentialsFile(Path file, String accessKeyId, String secretAccessKey) {
        try {
            Files.writeString(file, "access-key-id: " + accessKeyId + "\nsecret-access-key: " + secretAccessKey + "\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This server's bucket under {@code prefix}, with the credentials in {@code credentials}. */
    public S3Location location(String prefix, Path credentials) {
        return new S3Location(endpoint, BUCKET, prefix, "us-east-1", credentials);
    }

    /**
     * Every request received so far, in order of arrival. A client may see its response before the handler has
     * returned (and recorded it): this waits, up to 10 s, until no request is being handled.
     */
    public List<Received> received() {
        synchronized (received) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (inFlight > 0 && System.nanoTime() < deadline) {
                try {
                    received.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return List.copyOf(received);
        }
    }

    public long count(Kind kind) {
        return received().stream().filter(r -> r.kind() == kind).count();
    }

    /** Forgets the requests received so far. */
    public void clear() {
        synchronized (received) {
            received.clear();
        }
    }

    /** Records each request, then lets S3Proxy answer it. */
    private final class Recorder extends HandlerWrapper {
        private final BlobStore blobs;

        Recorder(Handler s3, BlobStore blobs) {
            this.blobs = blobs;
            setHandler(s3);
        }

        @Override
        public void handle(String target, Request base, HttpServletRequest request, HttpServletResponse response)
                throws IOException, ServletException {
            String path = URLDecoder.decode(request.getRequestURI().replace("+", "%2B"), StandardCharsets.UTF_8);
            String[] parts = path.substring(1).split("/", 2);
            String bucket = parts[0];
            String key = parts.length > 1 ? parts[1] : "";
            Kind kind = kind(request.getMethod(), key, request.getQueryString());
            boolean replaced = kind == Kind.PUT_OBJECT && blobs.containerExists(bucket) && blobs.blobExists(bucket, key);
            int status = HttpServletResponse.SC_INTERNAL_SERVER_ERROR;
            synchronized (received) {
                inFlight++;
            }
            try {
                super.handle(target, base, request, response);
                status = response.getStatus();
            } finally {
                synchronized (received) {
                    received.add(new Received(kind, request.getMethod(), key, replaced, status));
                    inFlight--;
                    received.notifyAll();
                }
            }
        }

        private static Kind kind(String method, String key, String query) {
            boolean object = !key.isEmpty();
            String q = query == null ? "" : query;
            return switch (method) {
                case "PUT" -> object ? Kind.PUT_OBJECT : Kind.OTHER;
                case "GET" -> object ? Kind.GET_OBJECT : q.contains("uploads") ? Kind.OTHER : Kind.LIST;
                case "HEAD" -> Kind.HEAD;
                case "DELETE" -> Kind.DELETE;
                case "POST" -> q.startsWith("delete") || q.contains("&delete") ? Kind.DELETE : Kind.OTHER;
                default -> Kind.OTHER;
            };
        }
    }
}
