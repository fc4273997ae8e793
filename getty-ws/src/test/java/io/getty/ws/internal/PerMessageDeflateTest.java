package io.getty.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.ws.WebSocketHandshakeException;
import io.getty.ws.internal.PerMessageDeflate.Config;
import io.getty.ws.internal.PerMessageDeflate.Params;
import org.junit.jupiter.api.Test;

class PerMessageDeflateTest {

    private static Params negotiate(String offers, Config config) {
        return PerMessageDeflate.negotiate(ExtensionHeader.parse(offers), config);
    }

    private static Params accept(String response, Config config) {
        return PerMessageDeflate.accept(ExtensionHeader.parse(response).get(0), config);
    }

    @Test
    void aServerAcceptsWhatItCanHonour() {
        assertThat(negotiate("permessage-deflate", Config.DEFAULT).headerValue()).isEqualTo("permessage-deflate");
        // What browsers offer: the client may be told a window; the server does not need to.
        assertThat(negotiate("permessage-deflate; client_max_window_bits", Config.DEFAULT))
                .isEqualTo(new Params(false, false, 0)).extracting(Params::headerValue).isEqualTo("permessage-deflate");
        assertThat(negotiate("permessage-deflate; client_max_window_bits=10", Config.DEFAULT)).isNotNull();
        assertThat(negotiate("permessage-deflate; server_max_window_bits=15", Config.DEFAULT))
                .extracting(Params::headerValue).isEqualTo("permessage-deflate; server_max_window_bits=15");
        // A smaller window is accepted too: the server then compresses with Huffman codes only.
        Params small = negotiate("permessage-deflate; server_max_window_bits=8; client_max_window_bits", Config.DEFAULT);
        assertThat(small).isEqualTo(new Params(false, false, 8));
        assertThat(small.headerValue()).isEqualTo("permessage-deflate; server_max_window_bits=8");
        assertThat(small.compressorWindowBits(true)).isEqualTo(8);
        assertThat(small.compressorWindowBits(false)).as("the client's window is its own").isEqualTo(15);
        assertThat(new Params(false, false, 0).compressorWindowBits(true)).isEqualTo(15);
        Params both = negotiate("PerMessage-Deflate; Server_No_Context_Takeover; client_no_context_takeover",
                Config.DEFAULT);
        assertThat(both).isEqualTo(new Params(true, true, 0));
        assertThat(both.headerValue())
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    }

    @Test
    void aServerAddsWhatItsConfigAsksFor() {
        assertThat(negotiate("permessage-deflate", new Config(true, false, 6)))
                .extracting(Params::headerValue).isEqualTo("permessage-deflate; server_no_context_takeover");
        assertThat(negotiate("permessage-deflate", new Config(false, true, 6)))
                .extracting(Params::headerValue).isEqualTo("permessage-deflate; client_no_context_takeover");
    }

    @Test
    void aServerDeclinesOffersItCannotHonourAndTakesTheNext() {
        for (String offer : new String[] {
            "permessage-deflate; server_max_window_bits",     // needs a value
            "permessage-deflate; server_max_window_bits=7",
            "permessage-deflate; server_max_window_bits=16",
            "permessage-deflate; server_max_window_bits=09",
            "permessage-deflate; client_max_window_bits=7",
            "permessage-deflate; client_max_window_bits=16",
            "permessage-deflate; client_max_window_bits=010",
            "permessage-deflate; client_max_window_bits=ten",
            "permessage-deflate; server_no_context_takeover=1",
            "permessage-deflate; client_no_context_takeover; client_no_context_takeover",
            "permessage-deflate; mystery",
            "x-webkit-deflate-frame",
        }) {
            assertThat(negotiate(offer, Config.DEFAULT)).as(offer).isNull();
        }
        assertThat(negotiate("permessage-deflate; server_max_window_bits=16, permessage-deflate; client_no_context_takeover",
                Config.DEFAULT)).isEqualTo(new Params(false, true, 0));
    }

    @Test
    void aClientOffersNoWindowItCouldNotHonour() {
        assertThat(PerMessageDeflate.offer(Config.DEFAULT)).isEqualTo("permessage-deflate");
        assertThat(PerMessageDeflate.offer(new Config(true, true, 1)))
                .isEqualTo("permessage-deflate; server_no_context_takeover; client_no_context_takeover");
    }

    @Test
    void aClientAcceptsResponsesToItsOffer() {
        assertThat(accept("permessage-deflate", Config.DEFAULT)).isEqualTo(new Params(false, false, 0));
        assertThat(accept("permessage-deflate; server_no_context_takeover; server_max_window_bits=9", Config.DEFAULT))
                .isEqualTo(new Params(true, false, 9));
        assertThat(accept("permessage-deflate", new Config(false, true, 6)))
                .as("a client that said it resets does").isEqualTo(new Params(false, true, 0));
    }

    @Test
    void aClientRefusesResponsesItCannotHonour() {
        for (String response : new String[] {
            "permessage-deflate; client_max_window_bits=15", // not offered
            "permessage-deflate; server_max_window_bits",
            "permessage-deflate; server_max_window_bits=16",
            "permessage-deflate; client_no_context_takeover=yes",
            "permessage-deflate; server_no_context_takeover; server_no_context_takeover",
            "permessage-deflate; mystery",
            "x-webkit-deflate-frame",
        }) {
            assertThatThrownBy(() -> accept(response, Config.DEFAULT)).as(response)
                    .isInstanceOf(WebSocketHandshakeException.class);
        }
    }

    @Test
    void eachSideResetsWhatTheParamsSay() {
        Params serverResets = new Params(true, false, 0);
        assertThat(serverResets.compressorResets(true)).isTrue();
        assertThat(serverResets.decompressorResets(true)).isFalse();
        assertThat(serverResets.compressorResets(false)).isFalse();
        assertThat(serverResets.decompressorResets(false)).isTrue();
    }

    @Test
    void aCompressionLevelOutsideZlibsRangeIsRefused() {
        assertThatThrownBy(() -> new Config(false, false, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
