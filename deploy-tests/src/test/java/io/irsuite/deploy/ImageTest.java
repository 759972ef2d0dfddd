package io.irsuite.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container images built by {@code -Pimages} (Jib, docker-archive tarballs in
 * {@code <service>/target/jib-image.tar}), inspected as files: name and tag as deploy/ names them,
 * entrypoint, non-root user, exposed port, labels, the layers' integrity, and the files the
 * entrypoint needs. Runs only in the {@code images} profile (deploy-tests/pom.xml), after the images
 * are built; a missing image fails.
 */
class ImageTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One image: its manifest entry, config, and every file path of every layer. */
    record Image(String service, JsonNode manifest, JsonNode config, Set<String> files) {
    }

    private static final Map<String, Image> IMAGES = new LinkedHashMap<>();

    static List<String> services() {
        return ManifestsTest.SERVICES;
    }

    static synchronized Image image(String service) throws IOException {
        Image cached = IMAGES.get(service);
        if (cached != null) {
            return cached;
        }
        Path archive = Manifests.repoRoot().resolve(service).resolve("target/jib-image.tar");
        assertTrue(Files.isRegularFile(archive), archive + " is missing: build the images with ./mvnw -Pimages (deploy/README.md, Images)");
        Map<String, byte[]> small = new LinkedHashMap<>();
        Map<String, String> layerDiffIds = new LinkedHashMap<>();
        Set<String> files = new TreeSet<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(archive))) {
            Tar.each(in, (name, entry) -> {
                if (name.endsWith(".json")) {
                    small.put(name, entry.readAllBytes());
                } else {
                    // a layer: its uncompressed digest (the config's diff_id) and its file list
                    MessageDigest sha = sha256();
                    InputStream layer = new DigestInputStream(name.endsWith(".gz") ? new GZIPInputStream(entry) : entry, sha);
                    Tar.each(layer, (path, content) -> files.add(normalise(path)));
                    layer.transferTo(java.io.OutputStream.nullOutputStream());
                    layerDiffIds.put(name, "sha256:" + HexFormat.of().formatHex(sha.digest()));
                }
            });
        }
        JsonNode manifest = JSON.readTree(small.get("manifest.json")).get(0);
        JsonNode config = JSON.readTree(small.get(manifest.get("Config").asText()));
        List<String> expectedDiffIds = new ArrayList<>();
        config.get("rootfs").get("diff_ids").forEach(d -> expectedDiffIds.add(d.asText()));
        List<String> actualDiffIds = new ArrayList<>();
        manifest.get("Layers").forEach(l -> actualDiffIds.add(layerDiffIds.get(l.asText())));
        assertEquals(expectedDiffIds, actualDiffIds, service + ": layer digests do not match the config's diff_ids");
        Image image = new Image(service, manifest, config, files);
        IMAGES.put(service, image);
        return image;
    }

    @ParameterizedTest
    @MethodSource("services")
    void isNamedAsDeployNamesIt(String service) throws IOException {
        Image image = image(service);
        Container c = deployment(service).getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(c.getImage(), image.manifest().get("RepoTags").get(0).asText(), service + ": deploy/base names another image");
    }

    @ParameterizedTest
    @MethodSource("services")
    void runsTheQuarkusAppAsTheNonRootUserOnItsPort(String service) throws IOException {
        JsonNode config = image(service).config().get("config");
        PodSpec pod = deployment(service).getSpec().getTemplate().getSpec();
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
        assertEquals("java", entrypoint.get(0), service + " entrypoint " + entrypoint);
        assertEquals(List.of("-jar", "quarkus-run.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()), service + " entrypoint");
        String workdir = config.get("WorkingDir").asText();
        assertTrue(image(service).files().contains(workdir + "/quarkus-run.jar"), service + ": no quarkus-run.jar in " + workdir);
        assertTrue(image(service).files().contains(workdir + "/quarkus/quarkus-application.dat"), service + ": not a Quarkus fast-jar");

        assertEquals(String.valueOf(pod.getSecurityContext().getRunAsUser()), config.get("User").asText().split(":")[0],
                service + ": the image's user is the Deployment's runAsUser");
        assertTrue(Integer.parseInt(config.get("User").asText().split(":")[0]) > 0, service + " runs as root");

        int port = pod.getContainers().get(0).getPorts().get(0).getContainerPort();
        List<String> exposed = new ArrayList<>();
        config.get("ExposedPorts").fieldNames().forEachRemaining(exposed::add);
        assertEquals(List.of(port + "/tcp"), exposed, service + " exposes the Deployment's container port");
    }

    @ParameterizedTest
    @MethodSource("services")
    void carriesItsLabels(String service) throws IOException {
        JsonNode labels = image(service).config().get("config").get("Labels");
        assertEquals(service, labels.get("org.opencontainers.image.title").asText());
        assertTrue(labels.get("org.opencontainers.image.version").asText().startsWith("0.1.0"), labels.toString());
        assertEquals("ir-suite/jre-base:17", labels.get("org.opencontainers.image.base.name").asText());
        assertTrue(labels.get("io.irsuite.jre-base.packages").asText().contains("openjdk-17-jre-headless="), labels.toString());
    }

    /** `java` resolves through the image's PATH, with the libraries and trust store it loads, without any registry image. */
    @ParameterizedTest
    @MethodSource("services")
    void containsTheRuntimeTheEntrypointNeeds(String service) throws IOException {
        Image image = image(service);
        String path = null;
        for (JsonNode e : image.config().get("config").get("Env")) {
            if (e.asText().startsWith("PATH=")) {
                path = e.asText().substring(5);
            }
        }
        assertTrue(path != null, service + ": no PATH");
        boolean java = false;
        for (String dir : path.split(":")) {
            java |= image.files().contains(dir + "/java");
        }
        assertTrue(java, service + ": no java on PATH " + path);
        for (String file : List.of("/lib64/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/libc.so.6", "/etc/ssl/certs/java/cacerts",
                "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so", "/etc/passwd")) {
            assertTrue(image.files().contains(file), service + ": no " + file);
        }
        assertEquals("1970-01-01T00:00:00Z", image.config().get("created").asText(), "reproducible: no build time in the image");
    }

    @Test
    void theFourImagesShareTheBaseLayer() throws IOException {
        Set<String> first = new TreeSet<>();
        for (String service : services()) {
            String base = image(service).config().get("rootfs").get("diff_ids").get(0).asText();
            first.add(base);
        }
        assertEquals(1, first.size(), "one base layer for all four: " + first);
    }

    private static Deployment deployment(String service) {
        return Manifests.of("dev").get(Deployment.class, Manifests.SUITE_NAMESPACE, service);
    }

    private static String normalise(String path) {
        String p = path.startsWith("./") ? path.substring(1) : path.startsWith("/") ? path : "/" + path;
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A minimal reader of POSIX/GNU tar streams (names, PAX paths and long names; contents streamed). */
    static final class Tar {
        interface Entry {
            void accept(String name, InputStream content) throws IOException;
        }

        static void each(InputStream in, Entry consumer) throws IOException {
            byte[] header = new byte[512];
            String longName = null;
            while (true) {
                if (in.readNBytes(header, 0, 512) < 512) {
                    return;
                }
                boolean empty = true;
                for (byte b : header) {
                    if (b != 0) {
                        empty = false;
                        break;
                    }
                }
                if (empty) {
                    return;
                }
                String name = string(header, 0, 100);
                String prefix = string(header, 345, 155);
                if (!prefix.isEmpty() && header[257] == 'u') {
                    name = prefix + "/" + name;
                }
                long size = Long.parseLong(string(header, 124, 12).trim().isEmpty() ? "0" : string(header, 124, 12).trim(), 8);
                char type = (char) header[156];
                BoundedInputStream content = new BoundedInputStream(in, size);
                if (type == 'L') {
                    longName = new String(content.readAllBytes(), StandardCharsets.UTF_8).replace("\0", "");
                } else if (type == 'x') {
                    String pax = new String(content.readAllBytes(), StandardCharsets.UTF_8);
                    for (String line : pax.split("\n")) {
                        int eq = line.indexOf(" path=");
                        if (eq >= 0) {
                            longName = line.substring(eq + 6);
                        }
                    }
                } else if (type != 'g') {
                    consumer.accept(longName != null ? longName : name, content);
                    longName = null;
                }
                content.skipRest();
                discard(in, (512 - size % 512) % 512);
            }
        }

        /** Reads and drops {@code n} bytes: skip() would bypass a DigestInputStream. */
        static void discard(InputStream in, long n) throws IOException {
            byte[] buffer = new byte[8192];
            while (n > 0) {
                int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
                if (r < 0) {
                    throw new IOException("truncated tar stream");
                }
                n -= r;
            }
        }

        private static String string(byte[] b, int offset, int length) {
            int end = offset;
            while (end < offset + length && b[end] != 0) {
                end++;
            }
            return new String(b, offset, end - offset, StandardCharsets.UTF_8);
        }
    }

    /** At most {@code size} bytes of the underlying stream. */
    static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        void skipRest() throws IOException {
            Tar.discard(in, left);
            left = 0;
        }

        @Override
        public void close() {
            // the underlying stream holds the next entries
        }
    }
}
