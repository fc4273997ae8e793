package io.getty.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectTest {

    @Test
    void neverDoesNotRetry() {
        assertThat(Reconnect.never().enabled()).isFalse();
        assertThat(Reconnect.never().retries(1)).isFalse();
    }

    @Test
    void aSettingChangedOnNeverGivesTheDefaultsWithThatSettingNotAZeroWait() {
        Reconnect limited = Reconnect.never().withMaxAttempts(5);
        assertThat(limited.enabled()).isTrue();
        assertThat(limited.maxAttempts()).isEqualTo(5);
        assertThat(limited.interval()).isEqualTo(Reconnect.DEFAULT.interval());
        assertThat(limited.maxInterval()).isEqualTo(Reconnect.DEFAULT.maxInterval());
        assertThat(limited.jitter()).isEqualTo(Reconnect.DEFAULT.jitter());
        assertThat(limited.delayNanos(1)).as("a retry waits, it does not spin").isPositive();

        Reconnect noJitter = Reconnect.never().withJitter(0);
        assertThat(noJitter.delayNanos(1)).isEqualTo(Reconnect.DEFAULT.interval().toNanos());
        assertThat(noJitter.delayNanos(100)).isEqualTo(Reconnect.DEFAULT.maxInterval().toNanos());
    }

    @Test
    void theIntervalSetOnNeverIsKept() {
        Reconnect r = Reconnect.never().withInterval(Duration.ofSeconds(2)).withJitter(0);
        assertThat(r.delayNanos(1)).isEqualTo(Duration.ofSeconds(2).toNanos());
        assertThat(Reconnect.never().withMaxInterval(Duration.ofMinutes(1)).maxInterval()).isEqualTo(Duration.ofMinutes(1));
    }
}
