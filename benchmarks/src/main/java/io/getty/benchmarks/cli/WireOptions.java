package io.getty.benchmarks.cli;

import io.getty.benchmarks.net.Wire;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** {@code --tls} and {@code --compression}, shared by {@code server} and {@code load}, which must agree. */
public final class WireOptions {

    /** The values of {@code --compression}. */
    public enum Compression {
        /** None. */
        none,
        /** Raw DEFLATE at best speed, flushed once per batch of frames written. */
        deflate
    }

    @Option(names = "--tls", description = "tcp: TLS 1.3 with TLS_AES_128_GCM_SHA256 only, on the test certificate in "
            + "the jar (NOT FOR PRODUCTION); the load generator verifies it (getty and netty only)")
    public boolean tls;

    @Option(names = "--compression", paramLabel = "C",
            description = "tcp: none, or deflate (raw DEFLATE at best speed, flushed once per batch of frames "
                    + "written; getty and netty only) (default: ${DEFAULT-VALUE})")
    public Compression compression = Compression.none;

    /** What the flags ask for; a usage error for both at once. */
    public Wire wire(CommandSpec spec) {
        try {
            return Wire.of(tls, compression == Compression.deflate);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
