package io.getty.tcp.internal.tls;

import io.getty.core.GettyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where TLS material comes from: a file, read each time a configuration is built (so that a rebuilt
 * configuration sees a renewed certificate), or bytes read once from a stream. Names itself in errors.
 */
public final class TlsSource {
    /** Far more than any certificate bundle; a larger file is not what the user meant to give. */
    private static final long MAX_BYTES = 16L * 1024 * 1024;

    private final String what;
    private final Path path;
    private final byte[] bytes;

    private TlsSource(String what, Path path, byte[] bytes) {
        this.what = what;
        this.path = path;
        this.bytes = bytes;
    }

    /**
     * A file, read by {@link #read()}.
     *
     * @param what what the file holds, for errors: "certificate chain", "private key", ...
     */
    public static TlsSource file(String what, Path path) {
        return new TlsSource(what, Objects.requireNonNull(path, what + " file"), null);
    }

    /** A stream, read to its end now; the caller closes it. */
    public static TlsSource stream(String what, InputStream in) {
        Objects.requireNonNull(in, what + " stream");
        TlsSource source = new TlsSource(what, null, null);
        try {
            byte[] read = in.readNBytes((int) MAX_BYTES + 1);
            source.checkSize(read.length);
            return new TlsSource(what, null, read);
        } catch (IOException e) {
            throw source.error("cannot read it: " + e, e);
        }
    }

    /** The file's bytes now, or the stream's. */
    public byte[] read() {
        if (bytes != null) {
            return bytes;
        }
        try {
            checkSize(Files.size(path));
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw error("no such file");
        } catch (IOException e) {
            throw error("cannot read it: " + e, e);
        }
    }

    /** The file, or {@code null} for a stream. */
    public Path path() {
        return path;
    }

    /** An exception that names this source and the problem. */
    public GettyException error(String problem) {
        return new GettyException(prefix() + problem);
    }

    /** An exception that names this source and the problem, with its cause. */
    public GettyException error(String problem, Throwable cause) {
        return new GettyException(prefix() + problem, cause);
    }

    private String prefix() {
        return "TLS " + what + (path != null ? " file " + path : " (stream)") + ": ";
    }

    private void checkSize(long size) {
        if (size > MAX_BYTES) {
            throw error("larger than " + MAX_BYTES + " bytes; not a certificate, key or keystore file");
        }
    }

    @Override
    public String toString() {
        return path != null ? path.toString() : what + " stream";
    }
}
