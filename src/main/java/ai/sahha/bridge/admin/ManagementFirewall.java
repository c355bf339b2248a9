package ai.sahha.bridge.admin;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's strict firewall on the management port, and none on the webhook port: the webhook route does its
 * own checks, and the strict one refuses header values that are UTF-8 read as ISO-8859-1, which is how a non-Latin
 * X-External-Id arrives (the bridge reads it back as UTF-8).
 */
final class ManagementFirewall implements HttpFirewall {

    private final StrictHttpFirewall strict = new StrictHttpFirewall();
    private final ServletContext webhookPort;

    ManagementFirewall(ServletContext webhookPort) {
        this.webhookPort = webhookPort;
    }

    @Override
    public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
        if (request.getServletContext() != webhookPort) {
            return strict.getFirewalledRequest(request);
        }
        return new FirewalledRequest(request) {
            @Override
            public void reset() {
            }
        };
    }

    @Override
    public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
        return strict.getFirewalledResponse(response);
    }
}
