import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.stream.Stream;

/**
 * Java's trust store for the base image: every certificate of the ca-certificates package (the Mozilla
 * bundle) in a PKCS12 keystore, which is what ca-certificates-java's install script would have made.
 * Usage: java CaCerts.java <dir of .crt files> <output keystore>
 */
public class CaCerts {
    public static void main(String[] args) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of(args[0]))) {
            files = s.filter(p -> p.toString().endsWith(".crt")).sorted().toList();
        }
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                X509Certificate cert = (X509Certificate) x509.generateCertificate(in);
                String alias = f.getFileName().toString().replace(".crt", "").toLowerCase();
                store.setCertificateEntry(alias, cert);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalStateException("no certificate under " + args[0]);
        }
        Files.createDirectories(Path.of(args[1]).getParent());
        try (OutputStream out = Files.newOutputStream(Path.of(args[1]))) {
            store.store(out, "changeit".toCharArray());
        }
        System.out.println(files.size() + " certificates in " + args[1]);
    }
}
