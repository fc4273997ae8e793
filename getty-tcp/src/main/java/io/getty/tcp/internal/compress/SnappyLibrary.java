package io.getty.tcp.internal.compress;

import java.lang.reflect.InvocationTargetException;

/**
 * Whether snappy-java, an optional dependency of getty-tcp, can be used here: found, readable by this module,
 * and with a native library that loads on this platform. Checked when an end point is configured for Snappy,
 * so that a missing library is a clear error then rather than a {@code NoClassDefFoundError} in a session.
 */
public final class SnappyLibrary {
    /** The library's Maven coordinates, for error messages. */
    public static final String COORDINATES = "org.xerial.snappy:snappy-java";
    private static final String MODULE = "org.xerial.snappy";
    private static volatile boolean checked;

    private SnappyLibrary() {
    }

    /** Returns if Snappy can be used; else throws an {@link IllegalStateException} that says what to add. */
    public static void check() {
        if (checked) {
            return;
        }
        Class<?> snappy;
        try {
            snappy = Class.forName("org.xerial.snappy.Snappy", false, SnappyLibrary.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("Snappy compression needs " + COORDINATES + " (1.1.10 or later), an "
                    + "optional dependency of getty-tcp: add it to the class path (with getty on the module path: "
                    + "to the module path, and --add-modules " + MODULE + ")", e);
        }
        Module ours = SnappyLibrary.class.getModule();
        if (ours.isNamed() && !ours.canRead(snappy.getModule())) {
            throw new IllegalStateException(COORDINATES + " is on the class path, but getty-tcp runs as the named "
                    + "module " + ours.getName() + ", which cannot read it: put it on the module path and add it "
                    + "with --add-modules " + MODULE);
        }
        try {
            snappy.getMethod("maxCompressedLength", int.class).invoke(null, 1); // loads the native library
        } catch (InvocationTargetException e) {
            throw nativeFailed(e.getCause());
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            throw nativeFailed(e);
        } catch (Error e) {
            if (e instanceof VirtualMachineError) {
                throw e;
            }
            throw nativeFailed(e); // snappy-java's own SnappyError
        }
        checked = true;
    }

    private static IllegalStateException nativeFailed(Throwable cause) {
        return new IllegalStateException(COORDINATES + " is there, but its native library did not load on "
                + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + " (it is unpacked to "
                + "java.io.tmpdir, or to the folder in the system property org.xerial.snappy.tempdir, which must "
                + "allow executables): " + cause, cause);
    }
}
