package ai.sahha.bridge.admin;

import java.util.ArrayList;
import java.util.List;

import ai.sahha.bridge.config.BridgeProperties;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may do what on the management port: the console's chain first, then the API's. Health, liveness and readiness
 * are open for probes, and so is /actuator/prometheus unless {@code bridge.admin.protect-metrics}; everything else
 * needs the operator (HTTP Basic or {@code Authorization: Bearer} with {@code BRIDGE_ADMIN_TOKEN}), or for reading
 * only, the viewer. The API keeps no session and reads no cookie, so it needs no CSRF token. Nothing here touches the webhook port: its requests match
 * no chain and pass the firewall untouched ({@link ManagementFirewall}).
 */
@Configuration(proxyBeanMethods = false)
public class AdminSecurity {

    public static final String OPERATOR = "OPERATOR";
    public static final String VIEWER = "VIEWER";

    /**
     * The console ({@code /console/**} on the management port): a login form and a session, so CSRF protection on
     * every form that changes something; GET for the viewer and the operator, the rest for the operator only. Pages
     * may load nothing from elsewhere, and no other site may frame them.
     */
    @Bean
    @Order(1)
    SecurityFilterChain adminConsole(HttpSecurity http, ServletContext webhookPort) throws Exception {
        RequestMatcher console = new AndRequestMatcher(managementPort(webhookPort),
                PathPatternRequestMatcher.withDefaults().matcher("/console/**"));
        http.securityMatcher(console)
                .authorizeHttpRequests(requests -> requests
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET,
                                "/console/login")).permitAll()
                        .requestMatchers(HttpMethod.GET).hasAnyRole(VIEWER, OPERATOR)
                        .anyRequest().hasRole(OPERATOR))
                .formLogin(form -> form.loginPage("/console/login").loginProcessingUrl("/console/login")
                        .defaultSuccessUrl("/console/", true).failureUrl("/console/login?error").permitAll())
                .logout(logout -> logout.logoutUrl("/console/logout").logoutSuccessUrl("/console/login?logout"))
                .headers(headers -> headers.contentSecurityPolicy(policy -> policy.policyDirectives(
                        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")))
                .httpBasic(AbstractHttpConfigurer::disable);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain adminApi(HttpSecurity http, BridgeProperties properties, ServletContext webhookPort)
            throws Exception {
        BridgeProperties.Admin admin = properties.admin();
        http.securityMatcher(managementPort(webhookPort))
                .authorizeHttpRequests(requests -> {
                    // the error page a 403 forwards to shows its status only; asking to log in again would hide it
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    requests.requestMatchers(EndpointRequest.to("health")).permitAll();
                    if (!admin.protectMetrics()) {
                        requests.requestMatchers(EndpointRequest.to("prometheus")).permitAll();
                    }
                    requests.requestMatchers(HttpMethod.GET).hasAnyRole(VIEWER, OPERATOR)
                            .requestMatchers(HttpMethod.HEAD).hasAnyRole(VIEWER, OPERATOR)
                            .anyRequest().hasRole(OPERATOR);
                })
                .httpBasic(basic -> basic.realmName("sahha-cx-bridge admin"))
                .addFilterBefore(new BearerTokenFilter(admin.token(), OPERATOR), BasicAuthenticationFilter.class)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable);
        return http.build();
    }

    @Bean
    HttpFirewall managementFirewall(ServletContext webhookPort) {
        return new ManagementFirewall(webhookPort);
    }

    @Bean
    PasswordEncoder adminPasswords() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** The operator and the viewer, as configured; none at all when the admin API is off. */
    @Bean
    UserDetailsService adminUsers(BridgeProperties properties, PasswordEncoder passwords) {
        BridgeProperties.Admin admin = properties.admin();
        List<UserDetails> users = new ArrayList<>();
        if (operatorConfigured(admin)) {
            users.add(user(admin.username(), admin.password(), OPERATOR, passwords));
        }
        if (present(admin.viewerUsername()) && present(admin.viewerPassword())) {
            users.add(user(admin.viewerUsername(), admin.viewerPassword(), VIEWER, passwords));
        }
        return new InMemoryUserDetailsManager(users);
    }

    /** A password given as a hash ({@code {bcrypt}$2a$...}) is taken as it is; a plain one is hashed here. */
    private static UserDetails user(String name, String password, String role, PasswordEncoder passwords) {
        return User.withUsername(name).password(password.startsWith("{") ? password : passwords.encode(password))
                .roles(role).build();
    }

    /** Requests on the management port: every one that is not the webhook port's. */
    private static RequestMatcher managementPort(ServletContext webhookPort) {
        return request -> request.getServletContext() != webhookPort;
    }

    /** Whether an operator can log in at all. */
    static boolean operatorConfigured(BridgeProperties.Admin admin) {
        return present(admin.username()) && present(admin.password());
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
