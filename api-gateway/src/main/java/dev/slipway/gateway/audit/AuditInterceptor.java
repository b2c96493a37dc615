package dev.slipway.gateway.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Audits every mutating call (POST, PUT, PATCH, DELETE) once it has been answered, whatever the
 * answer: the action is named after the operation that handled it ({@code JobController.cancel} is
 * {@code job.cancel}).
 */
@Configuration(proxyBeanMethods = false)
class AuditInterceptor implements HandlerInterceptor, WebMvcConfigurer {

    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final AuditTrail trail;
    private final Clock clock;

    AuditInterceptor(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, @Nullable Exception ex) {
        if (!MUTATING.contains(request.getMethod())) {
            return;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String actor = authentication == null ? "(anonymous)" : authentication.getName();
        String role = authentication == null ? null : role(authentication);
        trail.record(new AuditEntry(
                null,
                clock.instant(),
                actor,
                role,
                action(request, handler),
                request.getRequestURI(),
                String.valueOf(response.getStatus()),
                request.getRemoteAddr()));
    }

    /** {@code job.cancel} for {@code JobController.cancel}; the method and path when no handler took it. */
    static String action(HttpServletRequest request, Object handler) {
        if (handler instanceof HandlerMethod method) {
            String type = method.getBeanType().getSimpleName().replace("Controller", "");
            return Character.toLowerCase(type.charAt(0)) + type.substring(1) + "."
                    + method.getMethod().getName();
        }
        return request.getMethod().toLowerCase(Locale.ROOT) + " " + request.getRequestURI();
    }

    private static @Nullable String role(Authentication authentication) {
        return authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority != null && authority.startsWith("ROLE_"))
                .map(authority -> authority.substring("ROLE_".length()).toLowerCase(Locale.ROOT))
                .findFirst()
                .orElse(null);
    }
}
