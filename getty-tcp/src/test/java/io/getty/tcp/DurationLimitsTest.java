package io.getty.tcp;

import static io.getty.tcp.TcpTestSupport.buffer;
import static io.getty.tcp.TcpTestSupport.closeAll;
import static io.getty.tcp.TcpTestSupport.get;
import static io.getty.tcp.TcpTestSupport.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.getty.core.Session;
import io.getty.core.SessionOptions;
import io.getty.core.SessionSetup;
import io.getty.core.WriteFuture;
import io.getty.tcp.TcpTestSupport.Accepted;
import io.getty.tcp.TcpTestSupport.FrameClient;
import io.getty.tcp.TcpTestSupport.Recorder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Durations too long for the nanosecond clock that timers run on (about 292 years): refused where they are
 * set, never accepted and then fatal to a session.
 */
@Timeout(60)
class DurationLimitsTest {
    private static final Duration THOUSAND_YEARS = Duration.ofDays(365L * 1000);
    private static final Duration MAX_SECONDS = Duration.ofSeconds(Long.MAX_VALUE);
    private static final List<Duration> ABSURD = List.of(THOUSAND_YEARS, MAX_SECONDS);

    /** The duration options, by name, as setters of a builder of type {@code B}. */
    private static <B> Map<String, BiConsumer<B, Duration>> durationSetters(BiConsumer<B, Duration> cron,
                                                                           BiConsumer<B, Duration> read,
                                                                           BiConsumer<B, Duration> write) {
        return Map.of("cronPeriod", cron, "readTimeout", read, "writeTimeout", write);
    }

    private static <B> void assertEveryAbsurdDurationRefused(String builder, java.util.function.Supplier<B> builders,
                                                            Map<String, BiConsumer<B, Duration>> setters) {
        setters.forEach((name, setter) -> {
            for (Duration d : ABSURD) {
                Throwable thrown = catchThrowable(() -> setter.accept(builders.get(), d));
                assertThat(thrown).as("what %s.%s(%s) threw", builder, name, d)
                        .isInstanceOf(IllegalArgumentException.class);
            }
            setter.accept(builders.get(), Duration.ofDays(1)); // long, but sane
        });
    }

    // issue 12, defect 10: durations past the nanosecond clock were accepted, and the session then never read
    @Test
    void sessionOptionsBuilderRefusesDurationsTooLongForTheClock() {
        assertEveryAbsurdDurationRefused("SessionOptions.Builder", SessionOptions::builder,
                durationSetters(SessionOptions.Builder::cronPeriod, SessionOptions.Builder::readTimeout,
                        SessionOptions.Builder::writeTimeout));
    }

    // issue 12, defect 10
    @Test
    void serverAndClientBuildersRefuseDurationsTooLongForTheClock() {
        assertEveryAbsurdDurationRefused("TcpServer.Builder", TcpServer::builder,
                durationSetters(TcpServer.Builder::cronPeriod, TcpServer.Builder::readTimeout,
                        TcpServer.Builder::writeTimeout));
        assertEveryAbsurdDurationRefused("TcpClient.Builder", TcpClient::builder,
                durationSetters(TcpClient.Builder::cronPeriod, TcpClient.Builder::readTimeout,
                        TcpClient.Builder::writeTimeout));
    }

    // issue 12, defect 10
    @Test
    void sessionSetupInAnInitializerRefusesDurationsTooLongForTheClock() throws Exception {
        Map<String, BiConsumer<SessionSetup, Duration>> setters = durationSetters(
                SessionSetup::cronPeriod, SessionSetup::readTimeout, SessionSetup::writeTimeout);
        CompletableFuture<List<String>> accepted = new CompletableFuture<>();
        Accepted sessions = new Accepted();
        TcpServer server = server().onNewSession(sessions.initializer(Recorder::new, s -> {
            List<String> notRefused = new ArrayList<>();
            setters.forEach((name, setter) -> {
                for (Duration d : ABSURD) {
                    try {
                        setter.accept(s, d);
                        notRefused.add(name + "(" + d + ") was accepted");
                    } catch (IllegalArgumentException expected) {
                        // refused, and the session keeps its options
                    } catch (RuntimeException e) {
                        notRefused.add(name + "(" + d + ") threw " + e);
                    }
                }
            });
            if (!notRefused.isEmpty()) {
                s.options(SessionOptions.DEFAULT); // undo, so that the failure below is this test's only one
            }
            accepted.complete(notRefused);
        })).start();
        try (FrameClient client = FrameClient.connect(server.port())) {
            assertThat(get(accepted)).as("absurd durations set in an initializer").isEmpty();
            assertThat(client.echo("still reads")).isEqualTo("still reads");
        } finally {
            closeAll(server);
        }
    }

    static Stream<Duration> absurdWriteTimeouts() {
        return Stream.of(THOUSAND_YEARS, MAX_SECONDS, Duration.ofNanos(Long.MAX_VALUE));
    }

    // issue 12, defect 10: writePkg(pkg, timeout) with an absurd timeout must not break the session
    @ParameterizedTest
    @MethodSource("absurdWriteTimeouts")
    void aWriteWithAnAbsurdTimeoutIsRefusedOrSentButNeverBreaksTheSession(Duration timeout) throws Exception {
        Accepted accepted = new Accepted();
        TcpServer server = server()
                .socketOptions(SocketOptions.DEFAULT.withSendBufferSize(64 * 1024))
                .onNewSession(accepted.initializer(Recorder::new))
                .start();
        try (FrameClient peer = FrameClient.connect(server.port(), 64 * 1024)) { // does not read at first
            Recorder r = accepted.of(peer);
            Session s = get(r.opened);
            byte[] big = new byte[1024 * 1024];
            WriteFuture backlog = s.writePkg(ByteBuffer.wrap(big)); // keeps the next write waiting for a while
            WriteFuture absurd = null;
            try {
                absurd = s.writePkg(buffer("absurd timeout"), timeout);
            } catch (IllegalArgumentException refused) {
                // fine: refused to the caller
            } catch (RuntimeException e) {
                throw new AssertionError("writePkg(pkg, " + timeout + ") threw " + e
                        + ": refuse it with an IllegalArgumentException, or accept it", e);
            }
            Thread.sleep(200); // many timer ticks: a deadline that overflowed into the past would fire now
            assertThat(r.errors).as("errors after writePkg(pkg, %s)", timeout).isEmpty();
            assertThat(peer.receive(big.length)).isEqualTo(big);
            if (absurd != null) {
                assertThat(peer.receiveString()).isEqualTo("absurd timeout");
                assertThat(get(absurd.toCompletableFuture())).isNull();
            }
            assertThat(get(backlog.toCompletableFuture())).isNull();
            assertThat(r.errors).isEmpty();
            assertThat(peer.echo("still open")).isEqualTo("still open");
        } finally {
            closeAll(server);
        }
    }
}
