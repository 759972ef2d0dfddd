package io.irsuite.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.irsuite.events.Addresses;
import io.irsuite.events.Subscriptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dev broker's broker.xml (from the rendered ConfigMap) declares what the event contracts and the
 * services' channels expect: the same addresses, queues and filters as the local stack's broker.
 */
class BrokerConfigTest {

    static Manifests dev;
    static ConfigMap config;
    static Document broker;

    /** Queue name → its element, per address and routing type ("incident-events/multicast"). */
    static final Map<String, Map<String, Element>> QUEUES = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws Exception {
        dev = Manifests.of("dev");
        StatefulSet artemis = dev.get(StatefulSet.class, Manifests.SUITE_NAMESPACE, "artemis");
        String configMap = artemis.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getConfigMap() != null).findFirst().orElseThrow().getConfigMap().getName();
        config = dev.get(ConfigMap.class, Manifests.SUITE_NAMESPACE, configMap);
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        broker = f.newDocumentBuilder().parse(new ByteArrayInputStream(config.getData().get("broker.xml").getBytes(StandardCharsets.UTF_8)));
        NodeList addresses = broker.getElementsByTagNameNS("*", "address");
        for (int i = 0; i < addresses.getLength(); i++) {
            Element address = (Element) addresses.item(i);
            for (String routing : List.of("multicast", "anycast")) {
                NodeList types = address.getElementsByTagNameNS("*", routing);
                for (int t = 0; t < types.getLength(); t++) {
                    NodeList queues = ((Element) types.item(t)).getElementsByTagNameNS("*", "queue");
                    for (int q = 0; q < queues.getLength(); q++) {
                        Element queue = (Element) queues.item(q);
                        QUEUES.computeIfAbsent(address.getAttribute("name") + "/" + routing, k -> new LinkedHashMap<>())
                                .put(queue.getAttribute("name"), queue);
                    }
                }
            }
        }
    }

    @Test
    void incidentEventsHasOneFilteredQueuePerConsumer() {
        Map<String, Element> queues = QUEUES.get(Addresses.INCIDENT_EVENTS + "/multicast");
        assertNotNull(queues, "no multicast address " + Addresses.INCIDENT_EVENTS);
        List<String> expected = new ArrayList<>();
        for (String service : Addresses.INCIDENT_CONSUMERS) {
            String name = Addresses.queue(Addresses.INCIDENT_EVENTS, service);
            expected.add(name);
            Element queue = queues.get(name);
            assertNotNull(queue, "no queue " + name);
            assertEquals("true", text(queue, "durable"), name + " durable");
            assertEquals(Subscriptions.filter(service), filter(queue),
                    name + ": the filter must equal Subscriptions.filter(\"" + service + "\") of incident-events");
        }
        assertEquals(expected, List.copyOf(queues.keySet()));
    }

    @Test
    void catalogEventsHasOneQueuePerReplica() {
        Map<String, Element> queues = QUEUES.get(Addresses.CATALOG_EVENTS + "/multicast");
        assertNotNull(queues, "no multicast address " + Addresses.CATALOG_EVENTS);
        List<String> expected = new ArrayList<>();
        for (String service : Addresses.CATALOG_CONSUMERS) {
            String name = Addresses.queue(Addresses.CATALOG_EVENTS, service);
            expected.add(name);
            assertNotNull(queues.get(name), "no queue " + name);
            assertEquals(null, filter(queues.get(name)), name);
            assertEquals("true", text(queues.get(name), "durable"), name + " durable");
        }
        assertEquals(expected, List.copyOf(queues.keySet()));
    }

    @Test
    void anycastQueuesAndDeadLettering() {
        for (String name : List.of(Addresses.ALERTS, Addresses.CHANGES, Addresses.DEAD_LETTER, "ExpiryQueue")) {
            Map<String, Element> queues = QUEUES.get(name + "/anycast");
            assertNotNull(queues, "no anycast address " + name);
            assertNotNull(queues.get(name), "no anycast queue " + name);
        }
        Element all = addressSetting("#");
        assertEquals(Addresses.DEAD_LETTER, text(all, "dead-letter-address"));
        // docs/development.md: moved to DLQ after 5 deliveries, as the local stack's broker does
        assertEquals("5", text(all, "max-delivery-attempts"));
    }

    /** Every address a service's channels attach to (application.properties) is declared. */
    @Test
    void everyChannelOfEveryServiceFindsItsQueue() throws IOException {
        Pattern incoming = Pattern.compile("^mp\\.messaging\\.incoming\\.([\\w-]+)\\.address=(.+)$", Pattern.MULTILINE);
        int channels = 0;
        for (String service : ManifestsTest.SERVICES) {
            String props = Files.readString(Manifests.repoRoot().resolve(service).resolve("src/main/resources/application.properties"));
            Matcher m = incoming.matcher(props);
            while (m.find()) {
                String address = m.group(2).trim();
                channels++;
                if (address.contains("::")) {
                    String[] fq = address.split("::");
                    Map<String, Element> queues = QUEUES.get(fq[0] + "/multicast");
                    assertTrue(queues != null && queues.containsKey(fq[1]), service + " channel " + m.group(1) + " attaches to " + address
                            + ", which broker.xml does not declare");
                } else {
                    Map<String, Element> queues = QUEUES.get(address + "/anycast");
                    assertTrue(queues != null && queues.containsKey(address), service + " channel " + m.group(1) + " reads " + address
                            + ", which broker.xml does not declare as an anycast queue");
                }
            }
        }
        assertTrue(channels >= 9, "found only " + channels + " incoming channels: the scan is broken");
    }

    /** The AMQP acceptor, the container port and the Service agree; the journal is on the volume; start.sh installs this file. */
    @Test
    void acceptorVolumeAndStartScriptAgree() {
        NodeList acceptors = broker.getElementsByTagNameNS("*", "acceptor");
        assertEquals(1, acceptors.getLength());
        String acceptor = acceptors.item(0).getTextContent().trim();
        assertTrue(acceptor.startsWith("tcp://0.0.0.0:5672?") && acceptor.contains("protocols=AMQP"), acceptor);
        Service service = dev.get(Service.class, Manifests.SUITE_NAMESPACE, "artemis");
        assertEquals(5672, service.getSpec().getPorts().get(0).getPort());
        StatefulSet artemis = dev.get(StatefulSet.class, Manifests.SUITE_NAMESPACE, "artemis");
        Container c = artemis.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals(5672, c.getPorts().get(0).getContainerPort());
        String data = c.getVolumeMounts().stream().filter(v -> v.getName().equals("data")).map(VolumeMount::getMountPath).findFirst().orElseThrow();
        assertEquals("data", artemis.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName());
        for (String dir : List.of("journal-directory", "bindings-directory", "paging-directory", "large-messages-directory")) {
            assertTrue(text(broker.getDocumentElement(), dir).startsWith(data + "/"), dir + " must be on the persistent volume " + data);
        }
        String config = c.getVolumeMounts().stream().filter(v -> v.getName().equals("config")).map(VolumeMount::getMountPath).findFirst().orElseThrow();
        assertEquals(List.of("/bin/bash", config + "/start.sh"), c.getCommand());
        String start = BrokerConfigTest.config.getData().get("start.sh");
        assertTrue(start.contains("cp " + config + "/broker.xml"), "start.sh must install broker.xml");
        assertTrue(start.contains("--role amq") && broker.getElementsByTagNameNS("*", "permission").getLength() > 0
                && ((Element) broker.getElementsByTagNameNS("*", "permission").item(0)).getAttribute("roles").equals("amq"),
                "the broker user's role (start.sh) must be the one security-settings grant");
    }

    /**
     * The plugin broker.xml registers is shipped as source in the ConfigMap, compiled by start.sh into the
     * instance's lib/, and compiles against Artemis (what start.sh does in the pod, done here with this JDK).
     */
    @Test
    void theOrphanedSessionReaperIsRegisteredShippedAndCompiles() throws Exception {
        NodeList plugins = broker.getElementsByTagNameNS("*", "broker-plugin");
        assertEquals(1, plugins.getLength(), "one broker plugin");
        String className = ((Element) plugins.item(0)).getAttribute("class-name");
        assertEquals("io.irsuite.broker.OrphanedSessionReaper", className);
        String source = config.getData().get("OrphanedSessionReaper.java");
        assertNotNull(source, "the ConfigMap carries the plugin's source");
        String start = config.getData().get("start.sh");
        assertTrue(start.contains("javac ") && start.contains("/opt/ir-broker/OrphanedSessionReaper.java")
                && start.contains("$instance/lib/"), "start.sh compiles the plugin into the instance's lib/: " + start);
        assertTrue(start.indexOf("javac ") < start.indexOf("exec "), "compiled before the broker runs");

        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("broker-plugin");
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("OrphanedSessionReaper.java"), source);
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        java.io.StringWriter errors = new java.io.StringWriter();
        boolean compiled = javac.getTask(errors, null, null, List.of("-d", dir.toString(), "-cp",
                        System.getProperty("java.class.path")), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(file.toFile())).call();
        assertTrue(compiled, errors.toString());
        assertTrue(java.nio.file.Files.isRegularFile(dir.resolve("io/irsuite/broker/OrphanedSessionReaper.class")));
    }

    private static Element addressSetting(String match) {
        NodeList settings = broker.getElementsByTagNameNS("*", "address-setting");
        for (int i = 0; i < settings.getLength(); i++) {
            Element e = (Element) settings.item(i);
            if (match.equals(e.getAttribute("match"))) {
                return e;
            }
        }
        throw new AssertionError("no address-setting " + match);
    }

    private static String filter(Element queue) {
        NodeList f = queue.getElementsByTagNameNS("*", "filter");
        return f.getLength() == 0 ? null : ((Element) f.item(0)).getAttribute("string");
    }

    private static String text(Element parent, String child) {
        NodeList n = parent.getElementsByTagNameNS("*", child);
        assertEquals(1, n.getLength(), "one <" + child + ">");
        return n.item(0).getTextContent().trim();
    }
}
