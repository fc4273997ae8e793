package io.getty.core;

/**
 * A codec: the {@link PkgReader} and {@link PkgWriter} of one protocol, as Getty's {@code ReadWriter}.
 *
 * @param <I> the inbound packet type
 * @param <O> the outbound packet type
 */
public interface PkgHandler<I, O> extends PkgReader<I>, PkgWriter<O> {
}
