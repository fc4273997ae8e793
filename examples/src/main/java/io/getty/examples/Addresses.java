package io.getty.examples;

import java.net.InetSocketAddress;

/** Turns {@code --host} and {@code --port} into a socket address. */
final class Addresses {

    private Addresses() {
    }

    static InetSocketAddress resolve(String host, int port) throws UsageException {
        InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new UsageException("--host " + host + " does not resolve to an address");
        }
        return address;
    }
}
