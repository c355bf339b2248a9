package ai.sahha.bridge.config;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Whether webhooks are taken: from the moment the bridge is ready (its routes started, its journal writing) until it
 * begins to stop. The port accepts connections a few seconds before that and for a graceful while after; until then
 * and from then on a webhook is answered 503 with Retry-After, never with the 404 of a route not started yet, so
 * Sahha retries it and a load balancer keeps the endpoint. The same holds for {@code /health}.
 */
public class IntakeGate implements ApplicationListener<ApplicationEvent> {

    private final AtomicBoolean open = new AtomicBoolean();

    public boolean open() {
        return open.get();
    }

    /** The filter that answers for the routes until they take requests, and once they no longer do. */
    public OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                if (open.get()) {
                    chain.doFilter(request, response);
                    return;
                }
                response.setHeader("Retry-After", "5");
                WebhookBodyGuard.reject(response, 503, "the bridge is starting or stopping, retry later");
            }
        };
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationReadyEvent) {
            open.set(true);
        } else if (event instanceof ContextClosedEvent closed && closed.getApplicationContext().getParent() == null) {
            open.set(false);
        }
    }
}
