package io.m300.harness.support.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class TcpProbeTest {

    private static final Duration FIVE_SECONDS = Duration.ofSeconds(5);

    @Test
    void aListeningPortConnects_soTheControlFails() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TcpProbe.Verdict verdict = TcpProbe.connect("127.0.0.1", server.getLocalPort(), FIVE_SECONDS);

            assertThat(verdict.outcome()).isEqualTo(TcpProbe.Outcome.CONNECTED);
            assertThat(verdict.connected()).isTrue();
            assertThat(verdict.blockedWithin(FIVE_SECONDS))
                    .as("an open port must fail the check")
                    .isFalse();
            assertThat(verdict.toString()).contains("connected");
        }
    }

    @Test
    void aClosedPortIsRefusedQuickly_soTheControlHolds() throws Exception {
        int port;
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            port = server.getLocalPort();
        }
        TcpProbe.Verdict verdict = TcpProbe.connect("127.0.0.1", port, FIVE_SECONDS);

        assertThat(verdict.outcome()).isEqualTo(TcpProbe.Outcome.REFUSED);
        assertThat(verdict.blockedWithin(FIVE_SECONDS)).isTrue();
        assertThat(verdict.toString()).contains("refused");
    }

    @Test
    void aListenerWhoseBacklogIsFullTimesOutWithinTheBound() throws Exception {
        // A server that never accepts, with a backlog of 1: once its queue is full the kernel drops
        // further SYNs, so the next connect neither opens nor is refused; it times out.
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            List<Socket> filling = new ArrayList<>();
            TcpProbe.Verdict verdict = null;
            try {
                for (int i = 0; i < 10; i++) {
                    verdict = TcpProbe.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(1));
                    if (verdict.outcome() == TcpProbe.Outcome.TIMED_OUT) {
                        break;
                    }
                    Socket s = new Socket();
                    s.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()), 1000);
                    filling.add(s);
                }
            } catch (IOException full) {
                verdict = TcpProbe.connect("127.0.0.1", server.getLocalPort(), Duration.ofSeconds(1));
            } finally {
                for (Socket s : filling) {
                    s.close();
                }
            }
            Assumptions.assumeTrue(
                    verdict.outcome() == TcpProbe.Outcome.TIMED_OUT,
                    "this kernel did not drop SYNs to a full backlog: " + verdict);
            assertThat(verdict.blockedWithin(Duration.ofSeconds(1))).isTrue();
            assertThat(verdict.elapsed()).isBetween(Duration.ofMillis(900), Duration.ofSeconds(2));
            assertThat(verdict.toString()).contains("timed out");
        }
    }

    @Test
    void aBlockedAttemptThatTookLongerThanTheBoundFails() {
        var slow = new TcpProbe.Verdict(
                "db",
                3306,
                TcpProbe.Outcome.TIMED_OUT,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                "connect timed out");
        var inTime = new TcpProbe.Verdict(
                "db", 3306, TcpProbe.Outcome.TIMED_OUT, Duration.ofMillis(5003), FIVE_SECONDS, "connect timed out");

        assertThat(slow.blockedWithin(FIVE_SECONDS))
                .as("30 s is not 'within 5 s'")
                .isFalse();
        assertThat(inTime.blockedWithin(FIVE_SECONDS)).isTrue();
    }

    @Test
    void aNameThatDoesNotResolveIsReported() {
        TcpProbe.Verdict verdict = TcpProbe.connect("no-such-host.invalid", 3306, Duration.ofSeconds(2));

        assertThat(verdict.connected()).isFalse();
        assertThat(verdict.outcome()).isIn(TcpProbe.Outcome.UNRESOLVABLE, TcpProbe.Outcome.ERROR);
    }
}
