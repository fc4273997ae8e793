package io.getty.tcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.tcp.Compression.Algorithm;
import io.getty.tcp.Compression.Level;
import io.getty.tcp.internal.compress.SnappyLibrary;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** The {@link Compression} value type, and the error a user without snappy-java gets. */
class CompressionTest {

    @Test
    void valuesSayWhatTheyAre() {
        assertThat(Compression.none().algorithm()).isEqualTo(Algorithm.NONE);
        assertThat(Compression.none().level()).isNull();
        assertThat(Compression.deflate().level()).isEqualTo(Level.DEFAULT);
        assertThat(Compression.deflate(Level.HUFFMAN_ONLY).algorithm()).isEqualTo(Algorithm.DEFLATE);
        assertThat(Compression.snappy().algorithm()).isEqualTo(Algorithm.SNAPPY);
        assertThat(Compression.deflate(Level.BEST_SPEED)).isEqualTo(Compression.deflate(Level.BEST_SPEED))
                .hasSameHashCodeAs(Compression.deflate(Level.BEST_SPEED))
                .isNotEqualTo(Compression.deflate(Level.BEST_COMPRESSION)).isNotEqualTo(Compression.snappy());
        assertThat(Compression.snappy()).isEqualTo(Compression.snappy());
        assertThat(Compression.deflate(Level.BEST_SPEED)).hasToString("deflate(best_speed)");
        assertThat(Compression.snappy()).hasToString("snappy");
        assertThat(Compression.none()).hasToString("none");
        assertThat(Compression.none().layerFactory()).isNull();
        assertThat(Compression.deflate().layerFactory().newLayer(true)).hasToString("deflate(level -1)");
        assertThat(Compression.deflate(Level.HUFFMAN_ONLY).layerFactory().newLayer(false))
                .hasToString("deflate(level -1, huffman only)");
        assertThat(Compression.deflate(Level.NONE).layerFactory().newLayer(false)).hasToString("deflate(level 0)");
    }

    @Test
    void nullsAreRefused() {
        assertThatThrownBy(() -> Compression.deflate(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("level");
        assertThatThrownBy(() -> TcpServer.builder().compression(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("compression");
    }

    /**
     * The check, loaded where snappy-java cannot be seen (a class loader over getty-tcp's own classes and the
     * JDK only), fails with a message that names what to add.
     */
    @Test
    void withoutSnappyJavaAskingForSnappyFailsAtOnceSayingWhatToAdd() throws Exception {
        URL classes = SnappyLibrary.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader alone = new URLClassLoader(new URL[] {classes}, null)) { // java.base and these only
            Class<?> check = Class.forName(SnappyLibrary.class.getName(), true, alone);
            assertThat(check.getClassLoader()).isSameAs(alone);
            assertThatThrownBy(() -> {
                try {
                    check.getMethod("check").invoke(null);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }).isInstanceOf(IllegalStateException.class)
                    .hasMessageStartingWith("Snappy compression needs org.xerial.snappy:snappy-java")
                    .hasMessageContaining("add it to the class path")
                    .hasCauseInstanceOf(ClassNotFoundException.class);
        }
    }
}
