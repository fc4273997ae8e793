package io.getty.examples;

import io.getty.core.EventLoopGroup;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@link EchoConnection}s against an echo server, all at once on one loop group, and reports the
 * outcome: how long every echo took to come back verified, or the first failure.
 */
final class EchoLoad {
    /** The most bytes a connection has awaiting their echo, whatever the window: the server's output stays well under its write buffer limit. */
    static final int MAX_IN_FLIGHT_BYTES = 2 * 1024 * 1024;
    /** Room for a message's framing, whatever the transport. */
    private static final int FRAMING = 16;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    /**
     * What to run: {@code messages} per connection; over a lossy transport, at most {@code lossTolerance} percent
     * of them may be lost.
     */
    record Settings(int connections, int messages, int size, int window, Duration timeout, double lossTolerance) {
        /** The loss tolerated over a lossy transport unless told otherwise: 1%. */
        static final double DEFAULT_LOSS_TOLERANCE = 1.0;

        Settings(int connections, int messages, int size, int window, Duration timeout) {
            this(connections, messages, size, window, timeout, DEFAULT_LOSS_TOLERANCE);
        }

        /** The window, lowered for large messages to keep the bytes in flight under {@link #MAX_IN_FLIGHT_BYTES}. */
        int effectiveWindow() {
            return Math.min(Math.min(window, messages), Math.max(1, MAX_IN_FLIGHT_BYTES / (size + FRAMING)));
        }

        long totalMessages() {
            return (long) connections * messages;
        }
    }

    /**
     * The outcome: {@code failure} is null when every echo matched (and, over a lossy transport, no more than the
     * tolerance were {@code lost}); {@code reconnections} counts the connections lost and made again on the way
     * ({@code --reconnect}).
     */
    record Result(Settings settings, long nanos, String failure, long lost, long reconnections) {

        boolean succeeded() {
            return failure == null;
        }

        double seconds() {
            return nanos / 1e9;
        }

        double messagesPerSecond() {
            return settings.totalMessages() / seconds();
        }

        /** Payload bytes per second each way, in MiB. */
        double mibPerSecond() {
            return settings.totalMessages() * settings.size() / seconds() / (1024 * 1024);
        }
    }

    private EchoLoad() {
    }

    /** Connects, exchanges and verifies every message, closes the clients (not {@code group}) and reports. */
    static Result run(Transport transport, InetSocketAddress server, EventLoopGroup group, Settings settings)
            throws InterruptedException {
        Payloads payloads = new Payloads(settings.size());
        String url = transport.url(server);
        List<EchoPeer> connections = new ArrayList<>();
        List<Transport.Connection> clients = new ArrayList<>();
        CompletableFuture<Void> outcome = new CompletableFuture<>();
        long start = System.nanoTime();
        try {
            for (int id = 0; id < settings.connections(); id++) {
                EchoPeer connection = transport.lossy()
                        ? new DatagramEchoConnection(id, settings.messages(), settings.effectiveWindow(), payloads)
                        : new EchoConnection(id, settings.messages(), settings.effectiveWindow(), payloads,
                                transport.reconnects());
                connections.add(connection);
                connection.finished().whenComplete((done, failure) -> {
                    if (failure != null) {
                        outcome.completeExceptionally(failure); // the first failure ends the run
                    }
                });
                Transport.Connection client;
                try {
                    client = transport.connect(server, group, connection);
                } catch (RuntimeException e) {
                    connection.connectFailed(url, e);
                    break;
                }
                clients.add(client);
                if (transport.reconnects()) {
                    // A failed connect is tried again until the timeout; a connection that is done closes its
                    // client, which would otherwise connect again when the session closes.
                    connection.finished().thenRun(() -> client.client().close());
                } else {
                    client.opened().whenComplete((session, failure) -> {
                        if (failure != null) {
                            connection.connectFailed(url, failure);
                        }
                    });
                }
            }
            CompletableFuture.allOf(connections.stream().map(EchoPeer::finished).toArray(CompletableFuture[]::new))
                    .thenRun(() -> outcome.complete(null));
            String failure = await(outcome, connections, settings.timeout());
            long nanos = System.nanoTime() - start;
            long lost = connections.stream().mapToLong(EchoPeer::lost).sum();
            long reconnections = connections.stream().mapToLong(EchoPeer::reconnections).sum();
            if (failure == null) {
                failure = tooManyLost(lost, settings);
            }
            return new Result(settings, nanos, failure, lost, reconnections);
        } finally {
            close(clients);
        }
    }

    /** Why {@code lost} messages are too many, or null. */
    private static String tooManyLost(long lost, Settings settings) {
        double percent = 100.0 * lost / settings.totalMessages();
        if (percent <= settings.lossTolerance()) {
            return null;
        }
        return String.format(java.util.Locale.ROOT, "%,d of %s lost (%.2f%%), more than the tolerance of %s%%",
                lost, Counts.of(settings.totalMessages(), "message"), percent,
                percentText(settings.lossTolerance()));
    }

    /** A percentage as given: {@code 1}, {@code 0.5}. */
    static String percentText(double percent) {
        return java.math.BigDecimal.valueOf(percent).stripTrailingZeros().toPlainString();
    }

    private static String await(CompletableFuture<Void> outcome, List<EchoPeer> connections, Duration timeout)
            throws InterruptedException {
        try {
            outcome.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause().getMessage();
        } catch (TimeoutException e) {
            return connections.stream().filter(c -> !c.finished().isDone()).findFirst()
                    .map(c -> c.timedOut(timeout.toSeconds()))
                    .orElse("timed out after " + timeout.toSeconds() + " s");
        }
    }

    private static void close(List<Transport.Connection> clients) throws InterruptedException {
        clients.forEach(c -> c.client().close());
        try {
            CompletableFuture.allOf(clients.stream().map(c -> c.client().closeFuture()).toArray(CompletableFuture[]::new))
                    .get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            // closing the loop group, which the caller does next, closes whatever is left
        }
    }
}
