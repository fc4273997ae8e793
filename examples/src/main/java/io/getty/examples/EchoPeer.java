package io.getty.examples;

import io.getty.core.EventListener;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** One client connection of an echo run, as {@link EchoLoad} drives it: its listener, its outcome, where it stands. */
interface EchoPeer extends EventListener<ByteBuffer> {

    /** Completes when every message is accounted for; fails with a one-line reason otherwise. */
    CompletableFuture<Void> finished();

    /** The connection could not be opened. */
    void connectFailed(String server, Throwable cause);

    /** Why the run has not finished by its deadline: where this connection stands. */
    String timedOut(long seconds);

    /** Messages whose echo never came back: always 0 over a transport that loses none. */
    default long lost() {
        return 0;
    }

    /** Times it connected again after losing its connection ({@code --reconnect}); 0 if it never had to. */
    default int reconnections() {
        return 0;
    }
}
