package io.getty.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.getty.core.SessionOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which close timeout a TLS end point's sessions get: the one set on the builder, else TLS's closeNotifyTimeout. */
class TlsCloseTimeoutTest {
    private static final Duration MINE = Duration.ofSeconds(10);
    private static final Duration TLS_S = Duration.ofSeconds(1);

    private static TlsConfig tls() {
        return TlsConfig.forClient().closeNotifyTimeout(TLS_S).build();
    }

    private static TcpClient.Builder client() {
        return TcpClient.builder().onNewSession(s -> { });
    }

    private static Duration closeTimeout(TcpClient.Builder b) {
        return b.starter(null).options().closeTimeout();
    }

    @Test
    void anExplicitCloseTimeoutWinsInEitherOrder() {
        assertThat(closeTimeout(client().closeTimeout(MINE).tls(tls()))).isEqualTo(MINE);
        assertThat(closeTimeout(client().tls(tls()).closeTimeout(MINE))).isEqualTo(MINE);
        SessionOptions options = SessionOptions.builder().closeTimeout(MINE).build();
        assertThat(closeTimeout(client().sessionOptions(options).tls(tls()))).isEqualTo(MINE);
        assertThat(closeTimeout(client().tls(tls()).sessionOptions(options))).isEqualTo(MINE);
    }

    @Test
    void withoutOneTlsGivesItsCloseNotifyTimeoutInEitherOrder() {
        assertThat(closeTimeout(client().tls(tls()))).isEqualTo(TLS_S);
        assertThat(closeTimeout(client().tls(tls()).sessionOptions(SessionOptions.DEFAULT).maxMessageLength(100)))
                .isEqualTo(TLS_S);
        assertThat(closeTimeout(client().sessionOptions(SessionOptions.DEFAULT).tls(tls()))).isEqualTo(TLS_S);
        assertThat(closeTimeout(client())).isEqualTo(SessionOptions.DEFAULT.closeTimeout());
    }
}
