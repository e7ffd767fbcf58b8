package io.m300.harness.support.probe;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * A TCP connect from this machine to {@code host:port} with a bounded timeout: the real-network
 * half of "the database is unreachable from the internet". The verdict says what happened
 * (connected, refused, timed out, no route, unresolvable) and how long it took; a control
 * "must not connect within N s" holds when {@link Verdict#blockedWithin(Duration)}.
 */
public final class TcpProbe {

    /** How the connect attempt ended. */
    public enum Outcome {
        CONNECTED("connected"),
        REFUSED("refused"),
        TIMED_OUT("timed out"),
        NO_ROUTE("no route to host"),
        UNRESOLVABLE("name does not resolve"),
        ERROR("failed");

        private final String text;

        Outcome(String text) {
            this.text = text;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    /** What one connect attempt showed. {@code detail} is the exception message, or "" when it connected. */
    public record Verdict(String host, int port, Outcome outcome, Duration elapsed, Duration timeout, String detail) {

        public boolean connected() {
            return outcome == Outcome.CONNECTED;
        }

        /**
         * True when the connection did not open and the attempt ended within {@code bound} (with
         * a 1 s allowance for the timer; a timeout equal to the bound counts as blocked within it).
         */
        public boolean blockedWithin(Duration bound) {
            return !connected() && elapsed.compareTo(bound.plusSeconds(1)) <= 0;
        }

        @Override
        public String toString() {
            return "TCP " + host + ":" + port + " " + outcome + " after " + elapsed.toMillis() + " ms (timeout "
                    + timeout.toMillis() + " ms)" + (detail.isEmpty() ? "" : ": " + detail);
        }
    }

    private TcpProbe() {}

    /** Tries to open a TCP connection and closes it at once if it opened. Never throws. */
    public static Verdict connect(String host, int port, Duration timeout) {
        long start = System.nanoTime();
        Outcome outcome;
        String detail = "";
        try (Socket socket = new Socket()) {
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new UnknownHostException(host);
            }
            socket.connect(address, Math.toIntExact(timeout.toMillis()));
            outcome = Outcome.CONNECTED;
        } catch (SocketTimeoutException e) {
            outcome = Outcome.TIMED_OUT;
            detail = String.valueOf(e.getMessage());
        } catch (ConnectException e) {
            outcome = Outcome.REFUSED;
            detail = String.valueOf(e.getMessage());
        } catch (NoRouteToHostException e) {
            outcome = Outcome.NO_ROUTE;
            detail = String.valueOf(e.getMessage());
        } catch (UnknownHostException e) {
            outcome = Outcome.UNRESOLVABLE;
            detail = String.valueOf(e.getMessage());
        } catch (IOException | RuntimeException e) {
            outcome = Outcome.ERROR;
            detail = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        return new Verdict(host, port, outcome, Duration.ofNanos(System.nanoTime() - start), timeout, detail);
    }
}
