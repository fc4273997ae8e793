package io.getty.benchmarks.load;

import io.getty.benchmarks.load.Failure.Kind;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The closed-loop UDP load: one thread, one selector, {@code connections} peers (each a socket connected to the
 * echo server) with {@code depth} datagrams in flight each. Warm-up first, then the measured window, as
 * {@link LoadGenerator} does; datagrams not back within the loss timeout are counted as lost (the result's
 * {@code lost}, for the window) and replaced, and the run fails only on a wrong echo, an ICMP port unreachable
 * (no server) or a stall (no echo at all for {@code --stall-ms}).
 */
public final class DatagramLoadGenerator {
    /** The largest payload of an IPv4 datagram. */
    public static final int MAX_DATAGRAM = 65_507;
    private static final long MAX_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final LoadGenerator.WindowListener listener;
    private final long lossNanos;
    private final Consumer<SelectionKey> onReady = this::onReady;
    private Failure failure;

    /** A generator that counts a datagram lost when it is not back within {@code lossMillis}. */
    public DatagramLoadGenerator(LoadGenerator.WindowListener listener, int lossMillis) {
        this.listener = listener;
        this.lossNanos = TimeUnit.MILLISECONDS.toNanos(lossMillis);
    }

    /** Runs one load; never throws for network trouble, which is reported in the result instead. */
    public LoadResult run(LoadOptions options) {
        options.validate();
        if (options.size() > MAX_DATAGRAM) {
            throw new IllegalArgumentException("--size must be at most " + MAX_DATAGRAM + " over UDP (one datagram)");
        }
        failure = null;
        InetSocketAddress address = new InetSocketAddress(options.host(), options.port());
        if (address.isUnresolved()) {
            return LoadResult.failed(new Failure(Kind.CONNECT_FAILED, "cannot resolve host " + options.host()), options);
        }
        DatagramChannel[] channels = new DatagramChannel[options.connections()];
        try (Selector selector = Selector.open()) {
            LatencyRecorder recorder = new LatencyRecorder();
            DatagramLoadPeer[] peers = new DatagramLoadPeer[channels.length];
            for (int i = 0; i < channels.length; i++) {
                channels[i] = DatagramChannel.open(address.getAddress() instanceof Inet6Address
                        ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                channels[i].configureBlocking(false);
                channels[i].connect(address);
                peers[i] = new DatagramLoadPeer(i, channels[i], options, recorder);
                peers[i].attach(channels[i].register(selector, SelectionKey.OP_READ, peers[i]));
            }
            return drive(selector, peers, recorder, options);
        } catch (IOException e) {
            return LoadResult.failed(new Failure(Kind.CONNECT_FAILED, "could not open the UDP sockets: " + e), options);
        } finally {
            for (DatagramChannel channel : channels) {
                closeQuietly(channel);
            }
        }
    }

    private LoadResult drive(Selector selector, DatagramLoadPeer[] peers, LatencyRecorder recorder,
                             LoadOptions options) throws IOException {
        long stallNanos = TimeUnit.MILLISECONDS.toNanos(options.stallMillis());
        long checkEvery = Math.max(TimeUnit.MILLISECONDS.toNanos(1),
                Math.min(Math.min(lossNanos, stallNanos) / 4, MAX_CHECK_NANOS));
        MeasurementWindow window = new MeasurementWindow(recorder);
        long start = System.nanoTime();
        for (DatagramLoadPeer p : peers) {
            if ((failure = p.start(start)) != null) {
                return LoadResult.failed(failure, options);
            }
        }
        long measureFrom = start + (long) (options.warmupSeconds() * 1e9);
        long measureUntil = Long.MAX_VALUE;
        boolean measuring = false;
        long lostAtStart = 0;
        long nextCheck = start + checkEvery;

        while (true) {
            long now = System.nanoTime();
            if (!measuring && now >= measureFrom) {
                listener.measureStarted();
                measuring = true;
                lostAtStart = lost(peers);
                measureUntil = window.open() + (long) (options.seconds() * 1e9);
            } else if (measuring && now >= measureUntil) {
                // A datagram given up in the warm-up may come back late in the window: never below zero.
                LoadResult result = window.close(options, Math.max(0, lost(peers) - lostAtStart));
                listener.measureEnded();
                return result;
            }
            if (now >= nextCheck) {
                for (DatagramLoadPeer p : peers) {
                    if ((failure = p.checkLoss(now, lossNanos, stallNanos)) != null) {
                        return LoadResult.failed(failure, options);
                    }
                }
                nextCheck = now + checkEvery;
            }
            long nextEdge = measuring ? measureUntil : measureFrom;
            long waitNanos = Math.min(nextEdge, nextCheck) - now;
            selector.select(onReady, Math.max(1, (waitNanos + 999_999) / 1_000_000));
            if (failure != null) {
                return LoadResult.failed(failure, options);
            }
        }
    }

    private static long lost(DatagramLoadPeer[] peers) {
        long n = 0;
        for (DatagramLoadPeer p : peers) {
            n += p.lost();
        }
        return n;
    }

    private void onReady(SelectionKey key) {
        if (failure != null || !key.isValid()) {
            return;
        }
        DatagramLoadPeer p = (DatagramLoadPeer) key.attachment();
        if (key.isReadable()) {
            failure = p.onReadable();
        }
        if (failure == null && key.isValid() && key.isWritable()) {
            failure = p.onWritable();
        }
    }

    private static void closeQuietly(DatagramChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // closing at the end of a run: nothing to do about it
        }
    }
}
