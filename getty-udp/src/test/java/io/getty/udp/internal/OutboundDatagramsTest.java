package io.getty.udp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The ring of pending datagrams: lengths and peers in order, across wrap-around and growth. */
class OutboundDatagramsTest {

    private static InetSocketAddress peer(int i) {
        return InetSocketAddress.createUnresolved("peer" + i, 1000 + i);
    }

    @Test
    void keepsLengthsAndPeersInOrderWhileWrappingAndGrowing() {
        OutboundDatagrams ring = new OutboundDatagrams();
        int size = 0;
        int next = 0;
        int expected = 0;
        // Add and remove unevenly: the head wraps around the 16 first slots, then a burst of 100 makes it grow.
        for (int round = 0; round < 50; round++) {
            int adds = round == 30 ? 100 : 3;
            for (int i = 0; i < adds; i++) {
                ring.begin(size, peer(next));
                size += next % 7 + 1;
                assertThat(ring.lengthSoFar(size)).isEqualTo(next % 7 + 1);
                ring.end(size);
                next++;
            }
            for (int i = 0; i < 2 && !ring.isEmpty(); i++) {
                assertThat(ring.firstLength()).isEqualTo(expected % 7 + 1);
                assertThat(ring.firstPeer()).isEqualTo(peer(expected));
                size -= ring.firstLength();
                ring.removeFirst();
                expected++;
            }
        }
        while (!ring.isEmpty()) {
            assertThat(ring.firstPeer()).isEqualTo(peer(expected++));
            ring.removeFirst();
        }
        assertThat(expected).isEqualTo(next);
    }

    @Test
    void aCancelledDatagramLeavesNoEntryAndClearForgetsAll() {
        OutboundDatagrams ring = new OutboundDatagrams();
        ring.begin(0, peer(1));
        ring.cancel();
        assertThat(ring.isEmpty()).isTrue();
        ring.begin(0, peer(2));
        ring.end(10);
        ring.begin(10, peer(3));
        ring.end(15);
        ring.clear();
        assertThat(ring.isEmpty()).isTrue();
        ring.begin(0, peer(4));
        ring.end(4);
        assertThat(ring.firstLength()).isEqualTo(4);
        assertThat(ring.firstPeer()).isEqualTo(peer(4));
    }
}
