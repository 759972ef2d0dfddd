package io.irsuite.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The launcher's commands on its standard input, one per line, to simulate an outage of the
 * database or the broker while the services keep running: {@code postgres stop}, {@code postgres
 * start}, {@code broker stop}, {@code broker start}. Each is answered by one line starting with
 * {@code [control]}; an unknown or failed command is answered too and stops nothing. The end of
 * the input (stdin closed, {@code ./run.sh < /dev/null}) only ends the listening.
 */
public final class StackControl {

    /** The prefix of every answer. */
    public static final String PREFIX = "[control] ";
    static final String COMMANDS = "postgres stop|start, broker stop|start, queue <name>";

    private final LocalStack stack;

    public StackControl(LocalStack stack) {
        this.stack = stack;
    }

    /** Reads commands from {@code in} on a daemon thread until its end, answering on {@code out}. */
    public static Thread listen(LocalStack stack, InputStream in, PrintStream out) {
        StackControl control = new StackControl(stack);
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    String answer = control.handle(line);
                    synchronized (out) {
                        out.println(PREFIX + answer);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // stdin unreadable: there is nothing to control from, and the suite keeps running
            }
        }, "stack-control");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Runs one command line and returns the answer (without the prefix); never throws. */
    public String handle(String line) {
        String command = line.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        try {
            return switch (command) {
                case "postgres stop" -> {
                    stack.stopPostgres();
                    yield "postgres stopped";
                }
                case "postgres start" -> {
                    stack.startPostgres();
                    yield "postgres started (pid " + stack.postgresPid() + " on " + LocalStack.HOST + ":"
                            + stack.postgresPort() + ")";
                }
                case "broker stop" -> {
                    stack.stopBroker();
                    yield "broker stopped";
                }
                case "broker start" -> {
                    stack.startBroker();
                    yield "broker started (on " + LocalStack.HOST + ":" + stack.amqpPort() + ")";
                }
                default -> command.startsWith("queue ") && command.length() > "queue ".length()
                        // what a queue holds, for a test's diagnosis
                        ? stack.queueState(command.substring("queue ".length()))
                        : "unknown command '" + line.trim() + "' (known: " + COMMANDS + ")";
            };
        } catch (Exception e) {
            return command + " FAILED: " + e.getMessage();
        }
    }
}
