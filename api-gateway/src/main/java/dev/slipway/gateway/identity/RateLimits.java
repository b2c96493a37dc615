package dev.slipway.gateway.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.slipway.gateway.config.GatewayProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * A token bucket per credential (bucket4j): {@code per-second} requests refilled every second, up
 * to {@code burst} at once. The buckets live in each gateway's memory, so behind several gateways a
 * token may make up to that many times the rate; an event stream counts once, when it opens.
 */
@Configuration(proxyBeanMethods = false)
class RateLimits implements HandlerInterceptor, WebMvcConfigurer {

    private final GatewayProperties.RateLimit limit;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterAccess(Duration.ofMinutes(10))
            .build();

    RateLimits(GatewayProperties properties) {
        this.limit = properties.auth().rateLimit();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !(authentication.getPrincipal() instanceof Caller caller)) {
            return true;
        }
        Bucket bucket = buckets.get(
                caller.credential(),
                credential -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(limit.burst())
                                .refillGreedy(limit.perSecond(), Duration.ofSeconds(1))
                                .build())
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(1);
        if (!probe.isConsumed()) {
            long seconds = Math.max(
                    1, Duration.ofNanos(probe.getNanosToWaitForRefill()).toSeconds() + 1);
            throw new RateLimitedException(seconds, limit.perSecond(), limit.burst());
        }
        return true;
    }
}
