package io.getty.examples.readme;

import io.getty.core.EventListener;
import io.getty.core.Session;
import io.getty.core.codec.LengthFieldCodec;
import io.getty.tcp.TcpServer;
import java.nio.ByteBuffer;
import java.time.Duration;

public final class EchoServer {
    public static void main(String[] args) {
        EventListener<ByteBuffer> echo = new EventListener<>() {  // every callback but onMessage has a default
            @Override
            public void onMessage(Session s, ByteBuffer pkg) {
                s.sendPkg(pkg);                                     // encoded now, sent at the end of the loop pass
            }

            @Override
            public void onWritabilityChanged(Session s, boolean writable) {
                if (writable) s.resumeReading(); else s.pauseReading(); // a peer that does not read its echoes
            }

            @Override
            public void onCron(Session s) {                         // heartbeat check, as in Getty
                if (s.idleTime().compareTo(Duration.ofSeconds(60)) > 0) s.close();
            }
        };
        LengthFieldCodec codec = new LengthFieldCodec();            // 4-byte length + payload; stateless
        TcpServer server = TcpServer.builder()
                .bind(8080)
                .cronPeriod(Duration.ofSeconds(20))
                .onNewSession(session -> session.codec(codec, echo)) // one codec and listener for all sessions
                .start();
        System.out.println("listening on " + server.localAddress());
        server.closeFuture().join();
    }
}
