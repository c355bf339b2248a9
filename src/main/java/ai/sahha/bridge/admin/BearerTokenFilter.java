package ai.sahha.bridge.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

import ai.sahha.bridge.Hashing;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code Authorization: Bearer <BRIDGE_ADMIN_TOKEN>} for machines: a matching token (compared in constant time) is
 * the given role, named {@code token} in the audit log; any other bearer token is answered 401.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String BEARER = "Bearer ";

    private final byte[] tokenHash;
    private final String role;

    BearerTokenFilter(String token, String role) {
        this.tokenHash = token == null || token.isBlank() ? null : Hashing.sha256(token.getBytes(StandardCharsets.UTF_8));
        this.role = role;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            chain.doFilter(request, response);
            return;
        }
        byte[] given = Hashing.sha256(header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8));
        if (tokenHash == null || !MessageDigest.isEqual(given, tokenHash)) {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
            return;
        }
        SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "token", null, List.of(new SimpleGrantedAuthority("ROLE_" + role))));
        chain.doFilter(request, response);
    }
}
