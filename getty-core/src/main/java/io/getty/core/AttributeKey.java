package io.getty.core;

import java.util.Objects;

/**
 * A typed key for a {@link Session} attribute. Keys compare by identity: create one per attribute and keep
 * it in a constant.
 *
 * @param <T> the type of the attribute's value
 */
public final class AttributeKey<T> {
    private final String name;

    private AttributeKey(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    public static <T> AttributeKey<T> of(String name) {
        return new AttributeKey<>(name);
    }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "AttributeKey(" + name + ")";
    }
}
