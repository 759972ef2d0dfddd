package io.irsuite.systemtests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Which process holds the client end of a loopback TCP connection (Linux {@code /proc}): the connection from
 * {@code clientPort} to {@code serverPort} is a row of {@code /proc/net/tcp} or {@code tcp6} with its socket
 * inode, and the process whose {@code /proc/<pid>/fd} links to {@code socket:[inode]} holds it. Lets a test tell
 * which of two replicas is sending the request a receiver is holding.
 */
final class SocketOwners {

    private SocketOwners() {
    }

    /** The pid among {@code candidates} that holds the connection, or empty when none does (or not on Linux). */
    static OptionalLong owner(int clientPort, int serverPort, List<Long> candidates) {
        String inode = inode(clientPort, serverPort);
        if (inode == null) {
            return OptionalLong.empty();
        }
        String link = "socket:[" + inode + "]";
        for (long pid : candidates) {
            try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                if (fds.anyMatch(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).toString().equals(link);
                    } catch (IOException closedMeanwhile) {
                        return false;
                    }
                })) {
                    return OptionalLong.of(pid);
                }
            } catch (IOException gone) {
                // the process is gone or not ours
            }
        }
        return OptionalLong.empty();
    }

    private static String inode(int clientPort, int serverPort) {
        String local = ":" + hexPort(clientPort);
        String remote = ":" + hexPort(serverPort);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(local) && f[2].endsWith(remote) && !f[9].equals("0")) {
                        return f[9];
                    }
                }
            } catch (IOException noSuchTable) {
                // not Linux, or no IPv6
            }
        }
        return null;
    }

    private static String hexPort(int port) {
        return String.format(Locale.ROOT, "%04X", port);
    }
}
