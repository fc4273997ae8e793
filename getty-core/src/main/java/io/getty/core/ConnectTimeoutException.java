package io.getty.core;

/** A client's connection attempt did not complete within its connect timeout. */
public class ConnectTimeoutException extends GettyException {
    private static final long serialVersionUID = 1L;

    public ConnectTimeoutException(String message) {
        super(message);
    }
}
