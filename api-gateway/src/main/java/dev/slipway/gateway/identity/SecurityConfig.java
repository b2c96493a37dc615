package dev.slipway.gateway.identity;

import dev.slipway.gateway.config.GatewayProperties;
import java.net.InetAddress;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Every request but health and the console's static files needs a bearer token; the metrics
 * endpoint takes an admin's or the scrape token, which is good for nothing else. There are no
 * sessions and no cookies, so there is nothing for CSRF to exploit. {@code slipway.gateway.auth.enabled=false}
 * makes every request the built-in admin's, and is refused unless the gateway listens on a loopback
 * address only.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);

    /**
     * Prometheus's endpoint, for admins and the scrape token (slipway.gateway.metrics.scrape-token):
     * matched as the endpoint, so that a changed base path or management port moves the rule with it.
     */
    private static final RequestMatcher METRICS = EndpointRequest.to("prometheus");

    /**
     * No observation per security filter, authentication and authorisation: with a metrics registry
     * present, Spring Security wraps each of the chain's filters in one, which cost a fifth of the
     * gateway's CPU per submission (docs/benchmarks.md) for timers nobody reads. The request's own
     * {@code http.server.requests} observation stays.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain api(
            HttpSecurity http,
            BearerTokenAuthenticator authenticator,
            ScrapeTokenAuthenticator scrapeToken,
            SecurityProblems problems,
            GatewayProperties properties,
            @Value("${server.address:}") String address)
            throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        if (!properties.auth().enabled()) {
            refuseUnlessLoopback(address);
            log.warn("Authentication is OFF (slipway.gateway.auth.enabled=false): every request acts as the admin."
                    + " This is for experiments on this machine only.");
            Caller everyone = new Caller(
                    BuiltInAdmin.NAME, Role.ADMIN, "auth-disabled", Caller.Limits.defaults(properties.quotas()));
            return http.anonymous(anonymous -> anonymous
                            .principal(everyone)
                            .authorities(AuthorityUtils.createAuthorityList(Role.ADMIN.authority())))
                    .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                    .build();
        }
        AuthenticationManager tokens = new ProviderManager(List.of(authenticator));
        // The scrape token is asked about on the metrics endpoint only: anywhere else it is unknown (401).
        AuthenticationManager scrapeOrTokens = new ProviderManager(List.of(scrapeToken, authenticator));
        return http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/actuator/health", "/actuator/health/**", "/error")
                        .permitAll()
                        .requestMatchers(METRICS)
                        .hasAnyAuthority(Role.ADMIN.authority(), ScrapeTokenAuthenticator.AUTHORITY)
                        // the pages hold no data; they ask for a token and send it as a header
                        .requestMatchers(
                                "/", "/index.html", "/console/**", "/terminal.html", "/terminal/**", "/vendor/**")
                        .permitAll()
                        // the API's description holds no data either; clients generate code from it
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        // a browser cannot send a header on a WebSocket: the handshake checks
                        // a ticket (or a bearer token, when one came) itself
                        .requestMatchers("/api/v1/terminals/*/ws")
                        .permitAll()
                        .requestMatchers("/api/v1/audit", "/api/v1/audit/**")
                        .hasRole(Role.ADMIN.name())
                        .anyRequest()
                        .authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .authenticationManagerResolver(request -> METRICS.matches(request) ? scrapeOrTokens : tokens)
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .build();
    }

    private static void refuseUnlessLoopback(@Nullable String address) {
        boolean loopback;
        try {
            loopback = address != null
                    && !address.isBlank()
                    && InetAddress.ofLiteral(address).isLoopbackAddress();
        } catch (IllegalArgumentException notAnAddress) {
            loopback = false;
        }
        if (!loopback) {
            throw new IllegalStateException(
                    "slipway.gateway.auth.enabled=false is allowed only on a gateway that listens"
                            + " on a loopback address only: set server.address=127.0.0.1 or ::1 (it is '" + address
                            + "')");
        }
    }
}
