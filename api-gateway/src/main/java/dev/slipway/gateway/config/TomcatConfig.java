package dev.slipway.gateway.config;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Lean connections. An idle event-stream client costs the gateway its connection's buffers for as
 * long as it watches, and Tomcat's defaults (about 70 KB of buffers per connection) are sized for
 * short exchanges; event streams carry small, frequent writes. What is left per connection, and
 * what each step saved, is in docs/benchmarks.md (idle subscribers).
 *
 * <ul>
 *   <li>socket buffers of 2 KB each way instead of 8 KB;
 *   <li>a 1 KB response buffer ({@link LeanHttp11NioProtocol}) instead of 8 KB plus 16 KB;
 *   <li>a 256-character request reader buffer ({@link SmallReaderBufferValve}) instead of 16 KB;
 *   <li>a 1 KB buffer for the trailer of a chunked request body instead of 8 KB: nothing sends trailers
 *       to the API, and Tomcat allocates it for every connection;
 *   <li>(in gateway-defaults.properties) response headers of at most 4 KB instead of 8 KB, whose
 *       buffer every connection also holds.
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
class TomcatConfig {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> leanConnections() {
        return factory -> {
            factory.setProtocol(LeanHttp11NioProtocol.class.getName());
            factory.addConnectorCustomizers(connector -> {
                connector.setProperty("socket.appReadBufSize", "2048");
                connector.setProperty("socket.appWriteBufSize", "2048");
                connector.setProperty("maxTrailerSize", "1024");
            });
            factory.addContextValves(new SmallReaderBufferValve());
        };
    }
}
