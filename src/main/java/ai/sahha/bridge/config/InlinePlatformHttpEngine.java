package ai.sahha.bridge.config;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpConsumer;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Spring Boot platform-http engine, but answering a route's fixed path on the request's own Tomcat thread.
 * The stock engine hands every request to Spring MVC, which runs the route on a second thread pool and then
 * dispatches the request a second time to finish it: two dispatches and two thread hops per webhook, which cap
 * the main port at about 3,000 requests/s on two cores before a route does any work. The {@link #filter()} finds
 * the consumer by exact path and method and runs it in place; anything else (paths with placeholders, methods no
 * route takes) goes on to Spring MVC as before, so the routes behave the same either way.
 */
public class InlinePlatformHttpEngine extends SpringBootPlatformHttpEngine {

    private final Map<String, List<InlineConsumer>> consumersByPath = new ConcurrentHashMap<>();

    public InlinePlatformHttpEngine(int port) {
        super(port);
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        return new InlineConsumer(endpoint, processor);
    }

    /** The servlet filter that answers the routes' fixed paths; register it after the filters that guard them. */
    public OncePerRequestFilter filter() {
        return new OncePerRequestFilter() {
            @Override
            protected boolean shouldNotFilterAsyncDispatch() {
                return false; // a webhook whose body was read without a thread arrives in an async dispatch
            }

            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                InlineConsumer consumer = consumerFor(request);
                if (consumer == null) {
                    chain.doFilter(request, response);
                    return;
                }
                try {
                    consumer.handleService(request, response);
                } catch (IOException | ServletException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new ServletException(e);
                }
            }
        };
    }

    private InlineConsumer consumerFor(HttpServletRequest request) {
        List<InlineConsumer> candidates =
                consumersByPath.get(request.getRequestURI().substring(request.getContextPath().length()));
        if (candidates == null) {
            return null;
        }
        for (InlineConsumer candidate : candidates) {
            if (candidate.takes(request.getMethod())) {
                return candidate;
            }
        }
        return null;
    }

    final class InlineConsumer extends SpringBootPlatformHttpConsumer {

        private final String path;
        private final List<String> methods;

        InlineConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
            // the executor only serves requests that still come through Spring MVC: run them in place as well
            super(endpoint, processor, Runnable::run);
            this.path = endpoint.getPath();
            String restrict = endpoint.getHttpMethodRestrict();
            this.methods = restrict == null ? List.of()
                    : List.of(restrict.toUpperCase(Locale.ROOT).replace(" ", "").split(","));
        }

        boolean takes(String method) {
            return methods.isEmpty() || methods.contains(method);
        }

        @Override // re-declared here so that the filter, in this package, may call it
        protected void handleService(HttpServletRequest request, HttpServletResponse response) throws Exception {
            super.handleService(request, response);
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            if (path.indexOf('{') < 0) {
                consumersByPath.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(this);
            }
        }

        @Override
        protected void doStop() throws Exception {
            List<InlineConsumer> same = consumersByPath.get(path);
            if (same != null) {
                same.remove(this);
            }
            super.doStop();
        }
    }
}
