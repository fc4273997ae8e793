package io.getty.examples;

import java.net.InetAddress;
import java.net.UnknownHostException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --host}: a name or a literal address, resolved when the command line is read. */
final class HostConverter implements ITypeConverter<InetAddress> {

    @Override
    public InetAddress convert(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new TypeConversionException("'" + host + "' does not resolve to an address");
        }
    }
}
