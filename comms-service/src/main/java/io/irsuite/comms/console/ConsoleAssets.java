package io.irsuite.comms.console;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;

/**
 * The console's stylesheet and scripts, served by comms under {@code /console/assets} (so one Ingress route
 * covers the console): its own CSS and JS, and htmx from the {@code org.webjars.npm:htmx.org} jar. No CDN.
 */
@Path("/console/assets")
@PermitAll
public class ConsoleAssets {

    private record Asset(byte[] bytes, String type) {
    }

    private final Map<String, Asset> assets;

    public ConsoleAssets() {
        this.assets = Map.of(
                "console.css", new Asset(read("console-assets/console.css"), "text/css;charset=UTF-8"),
                "console.js", new Asset(read("console-assets/console.js"), "text/javascript;charset=UTF-8"),
                "htmx.min.js", new Asset(read("META-INF/resources/webjars/htmx.org/" + htmxVersion() + "/dist/htmx.min.js"),
                        "text/javascript;charset=UTF-8"));
    }

    @GET
    @Path("/{name}")
    public Response asset(@PathParam("name") String name) {
        Asset asset = assets.get(name);
        if (asset == null) {
            return Response.status(404).build();
        }
        return Response.ok(asset.bytes(), asset.type())
                .header("Cache-Control", "public, max-age=3600")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /** The webjar's version, from its own Maven metadata: the path follows the jar whatever version the pom pins. */
    static String htmxVersion() {
        Properties pom = new Properties();
        try (InputStream in = resource("META-INF/maven/org.webjars.npm/htmx.org/pom.properties")) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pom.getProperty("version");
    }

    private static byte[] read(String path) {
        try (InputStream in = resource(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String path) throws IOException {
        InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(path);
        if (in == null) {
            throw new IOException("missing resource " + path);
        }
        return in;
    }
}
