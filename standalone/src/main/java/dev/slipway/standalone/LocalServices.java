package dev.slipway.standalone;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Whether RabbitMQ and Redis already listen on this machine's default ports. */
final class LocalServices {

    static final int RABBITMQ_PORT = 5672;
    static final int REDIS_PORT = 6379;

    private LocalServices() {}

    static boolean bothListen() {
        return listens(RABBITMQ_PORT) && listens(REDIS_PORT);
    }

    /** Whether something accepts connections on this loopback port. */
    static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
