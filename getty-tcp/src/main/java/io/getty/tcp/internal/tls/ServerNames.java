package io.getty.tcp.internal.tls;

import java.util.List;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;

/**
 * The Server Name Indication a client sends for a host. The JDK sends none by itself for a name without
 * a dot ({@code localhost}), and RFC 6066 forbids IP addresses in it, so getty decides.
 */
public final class ServerNames {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private ServerNames() {
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal rather than a name (decided without a lookup). */
    public static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || IPV4.matcher(host).matches();
    }

    /**
     * The SNI for {@code host}: the name without a trailing dot; none for an IP literal or for a name
     * the JDK does not accept as a host name (an underscore, say), which the server then cannot route by.
     */
    public static List<SNIServerName> of(String host) {
        if (host == null || host.isEmpty() || isIpLiteral(host)) {
            return List.of();
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        try {
            return List.of(new SNIHostName(name));
        } catch (IllegalArgumentException notAHostName) {
            return List.of();
        }
    }
}
