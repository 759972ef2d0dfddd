package io.irsuite.remediation.service;

import io.irsuite.remediation.config.IrConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name this process writes into the executions it runs (stable across restarts of the same host). */
@ApplicationScoped
public class RunnerIdentity {

    private final String id;

    public RunnerIdentity(IrConfig config) {
        this.id = config.execution().runnerId().filter(s -> !s.isBlank()).orElseGet(RunnerIdentity::hostName);
    }

    public String id() {
        return id;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
