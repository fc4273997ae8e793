package io.getty.benchmarks.load;

import io.getty.benchmarks.load.Failure.Kind;
import io.getty.benchmarks.net.Connector;
import io.getty.benchmarks.net.Connector.ConnectFailure;
import io.getty.benchmarks.net.Wire;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The closed-loop echo load generator: one thread, one selector, {@code connections} x
 * {@code depth} frames in flight. Warm-up first (echoes verified but latencies not recorded), then
 * the measured window, then everything is closed.
 *
 * <p>The loop uses {@link Selector#select(Consumer, long)}, which hands each ready key to a
 * consumer instead of filling the selected-key {@code HashSet}; that set allocates a node per ready
 * key, and this loop allocates nothing per message.
 *
 * <p>Over {@link Wire#TLS} each connection has its own client {@code SSLEngine} (the JDK's allocate a result
 * per call); over {@link Wire#DEFLATE} its own deflater and inflater. The handshakes run in the warm-up.
 */
public final class LoadGenerator {

    /** Told when the measured window opens and closes, e.g. so run.sh can sample the server's CPU. */
    public interface WindowListener {
        WindowListener NONE = new WindowListener() {
        };

        default void measureStarted() {
        }

        default void measureEnded() {
        }
    }

    private static final long MAX_STALL_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long all the TLS handshakes of a run may take, one after another on a busy server. */
    static final long HANDSHAKES_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final WindowListener listener;
    private final Wire wire;
    private final Consumer<SelectionKey> onReady = this::onReady;
    private Failure failure;

    public LoadGenerator(WindowListener listener) {
        this(listener, Wire.PLAIN);
    }

    /** A load over {@code wire}: plain frames, TLS or DEFLATE. */
    public LoadGenerator(WindowListener listener, Wire wire) {
        this.listener = listener;
        this.wire = wire;
    }

    public LoadGenerator() {
        this(WindowListener.NONE);
    }

    /** Runs one load; never throws for network trouble, which is reported in the result instead. */
    public LoadResult run(LoadOptions options) {
        options.validate();
        failure = null;
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            return LoadResult.failed(new Failure(Kind.CONNECT_FAILED, "cannot resolve host " + options.host()), options);
        }
        SocketChannel[] channels;
        try {
            channels = Connector.connect(address, options.connections(), options.connectBatch(),
                    options.connectTimeoutMillis());
        } catch (ConnectFailure e) {
            return LoadResult.failed(new Failure(Kind.CONNECT_FAILED, "connection " + e.index() + ": " + e.getMessage()), options);
        }
        if (options.webSocket()) {
            try {
                for (int i = 0; i < channels.length; i++) {
                    WebSocketHandshake.perform(channels[i], options.host(), options.port(), options.webSocketPath(),
                            options.connectTimeoutMillis());
                }
            } catch (IOException e) {
                Connector.closeRange(channels, 0, channels.length);
                return LoadResult.failed(new Failure(Kind.CONNECT_FAILED, "WebSocket handshake: " + e.getMessage()),
                        options);
            }
        }
        LoadConnection[] connections = new LoadConnection[channels.length];
        try (Selector selector = Selector.open()) {
            LatencyRecorder recorder = new LatencyRecorder();
            Pipe.Factory pipes = Pipe.factory(wire, options);
            for (int i = 0; i < channels.length; i++) {
                connections[i] = new LoadConnection(i, channels[i], pipes.open(channels[i]), options, recorder);
                connections[i].attach(channels[i].register(selector, SelectionKey.OP_READ, connections[i]));
            }
            if ((failure = handshakes(selector, connections)) != null) {
                return LoadResult.failed(failure, options);
            }
            return drive(selector, connections, recorder, options);
        } catch (IOException e) {
            return LoadResult.failed(new Failure(Kind.CONNECTION_LOST, "selector failed: " + e), options);
        } finally {
            Connector.closeRange(channels, 0, channels.length);
            for (LoadConnection c : connections) {
                if (c != null) {
                    c.release();
                }
            }
        }
    }

    /**
     * Runs the pipes' handshakes (TLS) to their end before the load starts, so that neither the warm-up nor the
     * stall checks count them: a server makes its handshakes one after another. Returns why they failed, or null.
     */
    private Failure handshakes(Selector selector, LoadConnection[] connections) throws IOException {
        int pending = 0;
        for (LoadConnection c : connections) {
            if (!c.ready()) {
                Failure f = c.beginHandshake();
                if (f != null) {
                    return handshakeFailed(f);
                }
                pending++;
            }
        }
        long deadline = System.nanoTime() + HANDSHAKES_TIMEOUT_NANOS;
        while (pending > 0) {
            if (System.nanoTime() > deadline) {
                return new Failure(Kind.CONNECT_FAILED, pending + " TLS handshake(s) not done within "
                        + TimeUnit.NANOSECONDS.toSeconds(HANDSHAKES_TIMEOUT_NANOS) + " s");
            }
            selector.select(onReady, 100);
            if (failure != null) {
                return handshakeFailed(failure);
            }
            pending = 0;
            for (LoadConnection c : connections) {
                if (!c.ready()) {
                    pending++;
                }
            }
        }
        return null;
    }

    private static Failure handshakeFailed(Failure f) {
        return new Failure(Kind.CONNECT_FAILED, "TLS handshake: " + f.message());
    }

    private LoadResult drive(Selector selector, LoadConnection[] connections, LatencyRecorder recorder,
                             LoadOptions options) throws IOException {
        long stallNanos = TimeUnit.MILLISECONDS.toNanos(options.stallMillis());
        long stallCheckEvery = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(stallNanos / 4, MAX_STALL_CHECK_NANOS));
        MeasurementWindow window = new MeasurementWindow(recorder);
        long start = System.nanoTime();
        for (LoadConnection c : connections) {
            if ((failure = c.start(start)) != null) {
                return LoadResult.failed(failure, options);
            }
        }
        long measureFrom = start + (long) (options.warmupSeconds() * 1e9);
        long measureUntil = Long.MAX_VALUE;
        boolean measuring = false;
        long nextStallCheck = start + stallCheckEvery;

        while (true) {
            long now = System.nanoTime();
            if (!measuring && now >= measureFrom) {
                // Tell first, then sample: the listener's printing stays outside the window.
                listener.measureStarted();
                measuring = true;
                // The window is as long as asked even if its start was noticed late.
                measureUntil = window.open() + (long) (options.seconds() * 1e9);
            } else if (measuring && now >= measureUntil) {
                LoadResult result = window.close(options, 0);
                listener.measureEnded();
                return result;
            }
            if (now >= nextStallCheck) {
                for (LoadConnection c : connections) {
                    if ((failure = c.checkStall(now, stallNanos)) != null) {
                        return LoadResult.failed(failure, options);
                    }
                }
                nextStallCheck = now + stallCheckEvery;
            }
            long nextEdge = measuring ? measureUntil : measureFrom;
            long waitNanos = Math.min(nextEdge, nextStallCheck) - now;
            selector.select(onReady, Math.max(1, (waitNanos + 999_999) / 1_000_000));
            if (failure != null) {
                return LoadResult.failed(failure, options);
            }
        }
    }

    private void onReady(SelectionKey key) {
        if (failure != null || !key.isValid()) {
            return;
        }
        LoadConnection c = (LoadConnection) key.attachment();
        if (key.isReadable()) {
            failure = c.onReadable();
        }
        if (failure == null && key.isValid() && key.isWritable()) {
            failure = c.onWritable();
        }
    }
}
