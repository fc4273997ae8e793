package io.getty.examples;

/** The help text, with each command's flags taken from the command itself so that the two agree. */
final class Usage {

    private static final String FLAGS = """
            flags (--name value or --name=value):
              --transport T        tcp; udp, ws and wss come later                      default tcp
              --host H             echo-server: address to listen on                    default 0.0.0.0
                                   echo-client: server to connect to                    default 127.0.0.1
              --port N             echo-server: 0 picks a free port, printed            required
                                   echo-client: the server's port                       required
              --threads N          event loop threads, 1-256                            default: processors
                                   (echo-client: min(connections, processors); demo: 2)
              --messages M         messages per connection, 1-1000000000                default 10000 (demo 2500)
              --size S             payload bytes per message, 1-1048576                 default 256
              --connections C      client connections, 1-10000                          default 4
              --window W           messages in flight per connection, 1-65536           default 64
                                   (at most 2 MiB in flight per connection)
              --timeout-seconds T  fail if not done in T seconds, 1-86400               default 60 (demo 30)

            exit status: 0 success; 1 failure (an echo that does not match, a lost connection, a timeout);
                         2 bad command line

            examples:
              java -jar getty-examples.jar demo
              java -jar getty-examples.jar echo-server --transport tcp --port 9000
              java -jar getty-examples.jar echo-client --transport tcp --port 9000 --messages 100000 --size 256 --connections 8
            """;

    private Usage() {
    }

    static String text() {
        StringBuilder text = new StringBuilder()
                .append("getty for Java: examples\n\n")
                .append("usage: java -jar getty-examples.jar <command> [flags]\n\n")
                .append("commands:\n");
        for (Command command : Main.COMMANDS) {
            text.append(String.format("  %-12s %s%n", command.name(), command.summary()));
            StringBuilder flags = new StringBuilder();
            for (String flag : command.flags()) {
                flags.append(" --").append(flag);
            }
            text.append(String.format("  %-12s flags:%s%n", "", flags.length() == 0 ? " none" : flags));
        }
        text.append(String.format("  %-12s %s%n%n", "help", "this text"));
        return text.append(FLAGS).toString();
    }
}
