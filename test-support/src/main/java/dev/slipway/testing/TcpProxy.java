package dev.slipway.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP port on the loopback address that forwards every connection to a target (a TCP address or
 * a Unix socket such as Docker's), so that a test can fail the link of one process only:
 * {@link #cut()} drops every connection and refuses new ones, as a network partition would;
 * {@link #freeze()} keeps connections open but forwards nothing, as a hung peer would;
 * {@link #retarget} sends new connections elsewhere, as a load balancer whose backend died would.
 */
public final class TcpProxy implements AutoCloseable {

    private enum Mode {
        FORWARD,
        CUT,
        FROZEN
    }

    private volatile SocketAddress target;
    private final ServerSocket server;
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile Mode mode = Mode.FORWARD;

    private TcpProxy(SocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().name("tcp-proxy-" + port()).start(this::acceptLoop);
    }

    /** Forwards to {@code host:port}. */
    public static TcpProxy to(String host, int port) throws IOException {
        return new TcpProxy(new InetSocketAddress(host, port));
    }

    /** Forwards to the Unix socket at {@code socket}, e.g. {@code /var/run/docker.sock}. */
    public static TcpProxy toUnixSocket(Path socket) throws IOException {
        return new TcpProxy(UnixDomainSocketAddress.of(socket));
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Forwards new connections to {@code host:port} from now on; open ones stay with the old target. */
    public void retarget(String host, int port) {
        target = new InetSocketAddress(host, port);
    }

    /** Drops every connection; new ones are closed as soon as they are accepted, until {@link #restore()}. */
    public void cut() {
        switchTo(Mode.CUT);
        closeAll();
    }

    /** Stops forwarding in both directions while keeping connections open, until {@link #restore()}. */
    public void freeze() {
        switchTo(Mode.FROZEN);
    }

    /** Forwards again. */
    public void restore() {
        switchTo(Mode.FORWARD);
    }

    private void switchTo(Mode next) {
        synchronized (gate) {
            mode = next;
            gate.notifyAll();
        }
    }

    @Override
    public void close() throws IOException {
        switchTo(Mode.CUT);
        server.close();
        closeAll();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException closed) {
                return;
            }
            if (mode == Mode.CUT) {
                closeQuietly(client);
                continue;
            }
            Thread.ofVirtual().start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        SocketChannel upstream;
        try {
            upstream = SocketChannel.open(target);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        open.add(client);
        open.add(upstream);
        try {
            InputStream fromClient = client.getInputStream();
            OutputStream toClient = client.getOutputStream();
            InputStream fromTarget = Channels.newInputStream(upstream);
            OutputStream toTarget = Channels.newOutputStream(upstream);
            Thread.ofVirtual().start(() -> pump(fromTarget, toClient, client, upstream));
            pump(fromClient, toTarget, client, upstream);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies one direction until either side closes; a frozen proxy holds what it read. */
    private void pump(InputStream in, OutputStream out, Socket client, SocketChannel upstream) {
        byte[] buffer = new byte[16 * 1024];
        try {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                awaitNotFrozen();
                if (mode == Mode.CUT) {
                    break;
                }
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (IOException | InterruptedException closed) {
            // one side went away: close both
        } finally {
            closeQuietly(client);
            closeQuietly(upstream);
            open.remove(client);
            open.remove(upstream);
        }
    }

    private void awaitNotFrozen() throws InterruptedException {
        synchronized (gate) {
            while (mode == Mode.FROZEN) {
                gate.wait();
            }
        }
    }

    private void closeAll() {
        for (AutoCloseable connection : open) {
            closeQuietly(connection);
        }
        open.clear();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
