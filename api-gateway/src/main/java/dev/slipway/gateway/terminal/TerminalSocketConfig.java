package dev.slipway.gateway.terminal;

import dev.slipway.model.TerminalWire;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import org.springframework.web.socket.server.support.DefaultHandshakeHandler;

/**
 * The terminal WebSocket at {@code /api/v1/terminals/{sessionId}/ws}. Its handshake (origin,
 * subprotocol, ticket or token) is {@link TerminalHandshake}'s, so Spring's own origin check is
 * opened here and done there, with a problem+json answer like every other refusal.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSocket
class TerminalSocketConfig implements WebSocketConfigurer {

    static final String PATH = "/api/v1/terminals/*/ws";

    /** A paste is one frame: large ones must fit. */
    private static final int MAX_INPUT_FRAME = 1024 * 1024;

    private final TerminalSocketHandler handler;
    private final TerminalHandshake handshake;

    TerminalSocketConfig(TerminalSocketHandler handler, TerminalHandshake handshake) {
        this.handler = handler;
        this.handshake = handshake;
    }

    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        DefaultHandshakeHandler protocols = new DefaultHandshakeHandler();
        protocols.setSupportedProtocols(TerminalWire.SUBPROTOCOL);
        registry.addHandler(handler, PATH)
                .setHandshakeHandler(protocols)
                .addInterceptors(handshake)
                .setAllowedOriginPatterns("*");
    }

    @Bean
    ServletServerContainerFactoryBean webSocketContainer() {
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxBinaryMessageBufferSize(MAX_INPUT_FRAME);
        container.setMaxTextMessageBufferSize(1024);
        return container;
    }
}
