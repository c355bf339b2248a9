package ai.sahha.bridge.config;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a webhook body before Camel does, at most {@code maxBytes} of it: a larger body is refused with 413 (by its
 * Content-Length before reading anything, or as soon as a chunked body passes the limit), a body that is not valid
 * UTF-8 with 400. Form and multipart bodies get 415: the servlet binding would parse them as forms (and log them)
 * instead of keeping the signed bytes. The bytes that pass are handed on unchanged.
 */
public class WebhookBodyGuard extends OncePerRequestFilter {

    private final long maxBytes;

    public WebhookBodyGuard(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/")) {
            reject(response, 415, "Content-Type must be application/json");
            return;
        }
        if (request.getContentLengthLong() > maxBytes) {
            reject(response, 413, "body larger than " + maxBytes + " bytes");
            return;
        }
        byte[] body = readAtMostOneMoreThanLimit(request);
        if (body.length > maxBytes) {
            reject(response, 413, "body larger than " + maxBytes + " bytes");
            return;
        }
        String text = utf8(body);
        if (text == null) {
            reject(response, 400, "body is not valid UTF-8");
            return;
        }
        chain.doFilter(new CachedBodyRequest(request, body, text), response);
    }

    /** A declared length is read into a buffer of that size; a chunked body is read until it passes the limit. */
    private byte[] readAtMostOneMoreThanLimit(HttpServletRequest request) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared < 0) {
            return request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
        }
        byte[] body = new byte[(int) declared];
        int read = request.getInputStream().readNBytes(body, 0, body.length);
        return read == body.length ? body : Arrays.copyOf(body, read);
    }

    /** The bytes decoded as UTF-8, or null when they are not valid UTF-8. */
    static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static void reject(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setHeader("Connection", "close");
        response.getWriter().write("{\"error\":\"" + message + "\"}");
    }

    /** The request with its body already read and decoded (the guard checked it is UTF-8). */
    static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;
        private final String text;

        CachedBodyRequest(HttpServletRequest request, byte[] body, String text) {
            super(request);
            this.body = body;
            this.text = text;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body has already been read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            // the text is already in memory: a buffer of the default 8K chars per request would only be garbage
            return new BufferedReader(new StringReader(text), Math.max(1, Math.min(text.length(), 8192)));
        }

        @Override
        public String getCharacterEncoding() {
            return StandardCharsets.UTF_8.name();
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
