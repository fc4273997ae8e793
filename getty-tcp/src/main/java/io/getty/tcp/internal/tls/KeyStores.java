package io.getty.tcp.internal.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.util.Collections;
import java.util.function.Predicate;

/** Loads PKCS#12 (and JKS) keystore files, and makes the in-memory stores the JDK's factories take. */
final class KeyStores {
    private KeyStores() {
    }

    /**
     * The keystore in {@code source}. A "PKCS12" keystore reads JKS files as well (the JDK's
     * {@code keystore.type.compat}), so both work.
     */
    static KeyStore load(TlsSource source, char[] password) {
        byte[] bytes = source.read();
        KeyStore store = empty(source);
        try {
            store.load(new ByteArrayInputStream(bytes), password);
            return store;
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException) {
                throw source.error("wrong password, or the keystore is corrupt", e);
            }
            throw source.error("not a PKCS#12 or JKS keystore (" + e.getMessage() + ")", e);
        } catch (GeneralSecurityException e) {
            throw source.error("cannot load the keystore: " + e.getMessage(), e);
        }
    }

    /** An empty PKCS#12 keystore, ready for entries. */
    static KeyStore empty(TlsSource source) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw source.error("this JDK cannot make a PKCS#12 keystore", e);
        }
    }

    /** Whether any entry of {@code store} passes {@code test}, given its alias. */
    static boolean anyEntry(KeyStore store, Predicate<String> test) {
        try {
            return Collections.list(store.aliases()).stream().anyMatch(test);
        } catch (KeyStoreException e) {
            throw new IllegalStateException("keystore not loaded", e);
        }
    }

    static boolean isKeyEntry(KeyStore store, String alias) {
        try {
            return store.isKeyEntry(alias);
        } catch (KeyStoreException e) {
            throw new IllegalStateException("keystore not loaded", e);
        }
    }
}
