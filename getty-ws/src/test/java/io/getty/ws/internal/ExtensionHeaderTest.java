package io.getty.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.ws.internal.ExtensionHeader.Extension;
import io.getty.ws.internal.ExtensionHeader.Param;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExtensionHeaderTest {

    @Test
    void readsExtensionsParametersAndQuotedValues() {
        List<Extension> list = ExtensionHeader.parse(
                "permessage-deflate; client_max_window_bits, permessage-deflate ;server_max_window_bits=\"10\" ;"
                        + " client_no_context_takeover,, foo;bar = baz");
        assertThat(list).containsExactly(
                new Extension("permessage-deflate", List.of(new Param("client_max_window_bits", null))),
                new Extension("permessage-deflate", List.of(new Param("server_max_window_bits", "10"),
                        new Param("client_no_context_takeover", null))),
                new Extension("foo", List.of(new Param("bar", "baz"))));
        assertThat(list.get(1).toString())
                .isEqualTo("permessage-deflate; server_max_window_bits=10; client_no_context_takeover");
        assertThat(ExtensionHeader.parse("  ")).isEmpty();
        assertThat(ExtensionHeader.parse("a; b=\"c\\d\"")).containsExactly(new Extension("a", List.of(new Param("b", "cd"))));
    }

    @Test
    void refusesWhatTheGrammarDoesNot() {
        for (String bad : new String[] {"a;", "a; =1", "a b", ";a", "a; b=", "a; b=\"1", "a; b=\"1 2\"", "a; b=\"\"",
                "a; b=c d", "a/b", "\"a\""}) {
            assertThatThrownBy(() -> ExtensionHeader.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
