package io.getty.examples;

import picocli.CommandLine.Option;

/** {@code -h} and {@code --help} on every command: picocli prints the command's help and exits with 0. */
final class HelpOption {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean requested;
}
