package io.getty.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's echo server is a class of this module, so it compiles; this keeps the two the same. */
class ReadmeTest {

    @Test
    void readmeEchoServerIsTheCompiledOne() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        String source = Files.readString(Path.of("src/main/java/io/getty/examples/readme/EchoServer.java"));
        String body = source.substring(source.indexOf("import "));
        assertThat(readme).contains("```java\n" + body + "```");
    }
}
