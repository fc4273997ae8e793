package io.getty.ws.internal;

import static io.getty.ws.internal.Splits.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.getty.ws.WebSocketProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloseCodesTest {

    @Test
    void codesValidOnTheWire() {
        for (int code : new int[] {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
                3000, 3999, 4000, 4999}) {
            assertThat(CloseCodes.isValidOnWire(code)).as("%d", code).isTrue();
        }
        for (int code : new int[] {-1, 0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535}) {
            assertThat(CloseCodes.isValidOnWire(code)).as("%d", code).isFalse();
        }
    }

    @Test
    void parsesCodeAndReason() {
        ByteBuffer payload = ByteBuffer.wrap(hex("03 e8 62 79 65"));
        assertThat(CloseCodes.parse(payload)).isEqualTo(new CloseCodes.Close(1000, "bye"));
        assertThat(payload.position()).isZero();
        assertThat(CloseCodes.parse(ByteBuffer.wrap(hex("0f a0")))).isEqualTo(new CloseCodes.Close(4000, ""));
        byte[] utf8 = "κόσμε".getBytes(StandardCharsets.UTF_8);
        assertThat(CloseCodes.parse(ByteBuffer.wrap(Splits.concat(hex("03 e9"), utf8))))
                .isEqualTo(new CloseCodes.Close(1001, "κόσμε"));
    }

    @Test
    void anEmptyPayloadMeansNoStatus() {
        assertThat(CloseCodes.parse(ByteBuffer.allocate(0)))
                .isEqualTo(new CloseCodes.Close(CloseCodes.NO_STATUS_RECEIVED, ""));
    }

    @Test
    void aOneBytePayloadOrACodeInvalidOnTheWireIs1002() {
        assertCloseCode(hex("03"), 1002);
        for (int code : new int[] {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000}) {
            assertCloseCode(new byte[] {(byte) (code >>> 8), (byte) code}, 1002);
        }
    }

    @Test
    void aReasonThatIsNotUtf8Is1007() {
        assertCloseCode(hex("03 e8 ce ba e1 bd b9 cf 83 ce bc ce b5 ed a0 80 65 64 69 74 65 64"), 1007);
        assertCloseCode(hex("03 e8 41 c2"), 1007); // cut in the middle of a character
    }

    private static void assertCloseCode(byte[] payload, int closeCode) {
        assertThatThrownBy(() -> CloseCodes.parse(ByteBuffer.wrap(payload)))
                .isInstanceOfSatisfying(WebSocketProtocolException.class,
                        e -> assertThat(e.closeCode()).isEqualTo(closeCode));
    }

    @Test
    void writesAPayloadThatParsesBack() {
        assertThat(CloseCodes.parse(ByteBuffer.wrap(CloseCodes.payload(1001, "going away")))).isEqualTo(new CloseCodes.Close(1001, "going away"));
        assertThat(CloseCodes.payload(4000, "")).isEqualTo(hex("0f a0"));
    }

    @Test
    void refusesToWriteWhatMayNotBeSent() {
        assertThatThrownBy(() -> CloseCodes.payload(1005, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloseCodes.payload(1006, "")).isInstanceOf(IllegalArgumentException.class);
        assertThat(CloseCodes.payload(1000, "x".repeat(123))).hasSize(125);
        assertThatThrownBy(() -> CloseCodes.payload(1000, "x".repeat(124))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloseCodes.payload(1000, "é".repeat(62))) // 124 bytes in UTF-8
                .isInstanceOf(IllegalArgumentException.class);
    }
}
