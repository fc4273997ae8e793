package io.getty.core.internal.session;

import io.getty.core.EventListener;
import io.getty.core.PkgHandler;
import io.getty.core.PkgReader;
import io.getty.core.PkgWriter;
import io.getty.core.SessionOptions;
import io.getty.core.SessionSetup;
import io.getty.core.WaterMarks;
import io.getty.core.internal.loop.EventLoop;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * A session as its initializer sees it ({@link SessionSetup}): the codec, listener and options it is given,
 * kept in its {@link SessionConfig}, which the owner shares between sessions set up alike.
 */
public abstract class ConfigurableSession extends SessionCore {

    ConfigurableSession(EventLoop loop, SessionConfig config) {
        super(loop, config);
    }

    @Override
    public final int maxMessageLength() {
        return config.options.maxMessageLength();
    }

    @Override
    public final ByteBuffer view(ByteBuffer in, int index, int length) {
        if (config.dispatch.packetsOutliveReads()) {
            return in.duplicate().limit(index + length).position(index);
        }
        return loop.view(in, index, length);
    }

    // ---------------------------------------------------------------- SessionSetup

    private void checkSettingUp() {
        if (!hasFlag(SETTING_UP) || !loop.inLoop()) {
            throw new IllegalStateException("session options can be set only in the session initializer");
        }
    }

    @Override
    public final SessionSetup codec(PkgHandler<?, ?> codec) {
        Objects.requireNonNull(codec, "codec");
        return reader(codec).writer(codec);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final SessionSetup reader(PkgReader<?> pkgReader) {
        checkSettingUp();
        config = config.withReader((PkgReader<Object>) Objects.requireNonNull(pkgReader, "reader"));
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final SessionSetup writer(PkgWriter<?> pkgWriter) {
        checkSettingUp();
        config = config.withWriter((PkgWriter<Object>) Objects.requireNonNull(pkgWriter, "writer"));
        return this;
    }

    @Override
    @SuppressWarnings("unchecked")
    public final SessionSetup listener(EventListener<?> eventListener) {
        checkSettingUp();
        config = config.withListener((EventListener<Object>) Objects.requireNonNull(eventListener, "listener"));
        return this;
    }

    @Override
    public final SessionSetup options(SessionOptions sessionOptions) {
        checkSettingUp();
        config = config.withOptions(Objects.requireNonNull(sessionOptions, "options"));
        return this;
    }

    @Override
    public final SessionSetup cronPeriod(Duration period) {
        return options(options().toBuilder().cronPeriod(period).build());
    }

    @Override
    public final SessionSetup maxMessageLength(int bytes) {
        return options(options().toBuilder().maxMessageLength(bytes).build());
    }

    @Override
    public final SessionSetup readTimeout(Duration timeout) {
        return options(options().toBuilder().readTimeout(timeout).build());
    }

    @Override
    public final SessionSetup writeTimeout(Duration timeout) {
        return options(options().toBuilder().writeTimeout(timeout).build());
    }

    @Override
    public final SessionSetup waterMarks(WaterMarks waterMarks) {
        return options(options().toBuilder().waterMarks(waterMarks).build());
    }

    @Override
    public final SessionSetup writeBufferLimit(int bytes) {
        return options(options().toBuilder().writeBufferLimit(bytes).build());
    }

    @Override
    public final SessionSetup executor(Executor executor) {
        return options(options().toBuilder().executor(executor).build());
    }

    @Override
    public final SessionOptions options() {
        return config.options;
    }
}
