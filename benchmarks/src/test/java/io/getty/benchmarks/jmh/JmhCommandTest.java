package io.getty.benchmarks.jmh;

import org.junit.jupiter.api.Test;

import static io.getty.benchmarks.cli.CommandLines.parse;
import static org.assertj.core.api.Assertions.assertThat;

class JmhCommandTest {

    @Test
    void handsEveryArgumentToJmhInOrder() {
        JmhCommand jmh = parse("jmh", "EchoPath", "-prof", "gc", "-f", "1", "-wi=2", "--", "-h");
        assertThat(jmh.jmhArgs()).containsExactly("EchoPath", "-prof", "gc", "-f", "1", "-wi=2", "-h");
        JmhCommand none = parse("jmh");
        assertThat(none.jmhArgs()).isEmpty();
    }
}
