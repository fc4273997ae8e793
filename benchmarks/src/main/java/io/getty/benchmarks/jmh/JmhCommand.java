package io.getty.benchmarks.jmh;

import io.getty.benchmarks.cli.HelpOption;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Unmatched;

/** {@code jmh [JMH options]}: hands every argument, in order, to JMH's own command line. */
@Command(name = "jmh",
        customSynopsis = "java -jar getty-benchmarks.jar jmh [-h] [BENCHMARK-PATTERN...] [JMH-OPTION...]",
        description = {
                "The JMH benchmarks (io.getty.benchmarks.jmh).",
                "Every argument goes to JMH: 'jmh -prof gc' runs them all with allocation per operation, "
                        + "'jmh EchoPath -prof gc' one of them; 'jmh -- -h' lists JMH's own options."})
public final class JmhCommand implements Callable<Integer> {

    @Mixin
    private HelpOption help;

    /** Everything after {@code jmh} but {@code -h}/{@code --help}: JMH's options and benchmark patterns. */
    @Unmatched
    List<String> jmhArgs = new ArrayList<>();

    /** The arguments JMH gets. */
    public List<String> jmhArgs() {
        return jmhArgs;
    }

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(jmhArgs.toArray(new String[0]));
        return 0;
    }
}
