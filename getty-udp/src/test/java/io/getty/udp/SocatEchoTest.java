package io.getty.udp;

import static io.getty.udp.UdpTestSupport.WAIT;
import static io.getty.udp.UdpTestSupport.closeAll;
import static io.getty.udp.UdpTestSupport.echoEndpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.getty.udp.UdpTestSupport.DatagramRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A peer this project did not write: {@code socat} sends a datagram to the echo endpoint and prints what comes
 * back. Skipped where socat is not installed ({@code .ci/run} installs it).
 */
@Timeout(60)
class SocatEchoTest {

    private static boolean socatInstalled() {
        try {
            Process p = new ProcessBuilder("socat", "-V").redirectErrorStream(true).start();
            p.getInputStream().transferTo(OutputStream.nullOutputStream());
            return p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void socatGetsItsDatagramBack() throws Exception {
        assumeTrue(socatInstalled(), "socat is not installed (apt-get install socat)");
        DatagramRecorder recorder = new DatagramRecorder();
        UdpEndpoint endpoint = echoEndpoint(recorder);
        // socat reads stdin and sends what it reads as a datagram to the endpoint (its UDP socket is connected),
        // and writes each datagram it receives to stdout. Stdin stays open until the echo is in.
        Process socat = new ProcessBuilder("socat", "-", "UDP4:127.0.0.1:" + endpoint.port())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            String message = "hello from socat";
            OutputStream stdin = socat.getOutputStream();
            stdin.write(message.getBytes(StandardCharsets.US_ASCII));
            stdin.flush();
            CompletableFuture<String> echo = CompletableFuture.supplyAsync(() -> readExactly(socat.getInputStream(),
                    message.length()));
            assertThat(echo.get(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(message);
            assertThat(recorder.received.poll()).isEqualTo(message);
        } finally {
            socat.destroy();
            socat.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            closeAll(endpoint);
        }
    }

    private static String readExactly(InputStream in, int n) {
        try {
            return new String(in.readNBytes(n), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
