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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a webhook body before Camel does, so that no client can hold a thread or much memory with it:
 * <ul>
 * <li>a body over {@code maxBytes} is refused with 413 (by its Content-Length before reading anything, or as soon as
 * a chunked body passes the limit), one that is not valid UTF-8 with 400, a form or multipart body with 415 (the
 * servlet binding would parse it as a form instead of keeping the signed bytes);</li>
 * <li>the body is read as its bytes arrive: already there with the headers, at once; otherwise without a thread
 * (a Servlet {@link ReadListener}), into a buffer that grows with what arrived, never to the declared length in
 * advance;</li>
 * <li>all bodies being received share {@code maxBufferedBytes} of memory: a body that would need more is answered
 * 503 with Retry-After;</li>
 * <li>a body must be complete within {@code bodyTimeout} of the request's start, however slowly it trickles in
 * (a read timeout would never fire for a byte a second): else 408, and the connection is closed.</li>
 * </ul>
 * The bytes that pass are handed on unchanged, on a container thread (an async dispatch when they came slowly).
 */
public class WebhookBodyGuard extends OncePerRequestFilter {

    private static final String BODY = WebhookBodyGuard.class.getName() + ".body";
    private static final int FIRST_BUFFER = 512;

    private final long maxBytes;
    private final long bodyTimeoutMillis;
    private final Budget budget;

    public WebhookBodyGuard(long maxBytes, long maxBufferedBytes, long bodyTimeoutMillis) {
        this.maxBytes = maxBytes;
        this.bodyTimeoutMillis = bodyTimeoutMillis;
        this.budget = new Budget(maxBufferedBytes);
    }

    /** Bytes of body buffers held now, across all requests. */
    public long bufferedBytes() {
        return budget.used.get();
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false; // the dispatch that carries a body read without a thread comes through here again
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getDispatcherType() == DispatcherType.ASYNC && request.getAttribute(BODY) instanceof Body body) {
            chain.doFilter(new CachedBodyRequest(request, body.bytes(), body.text()), response);
            return;
        }
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        String contentType = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
        if (contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("multipart/")) {
            reject(response, 415, "Content-Type must be application/json");
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            reject(response, 413, "body larger than " + maxBytes + " bytes");
            return;
        }
        ServletInputStream input = request.getInputStream();
        if (declared >= 0 && input.available() >= declared) {
            readNow(request, response, chain, input, (int) declared);
        } else {
            new BodyReader(request, input, declared).start();
        }
    }

    /** The whole body is in the container's buffer already (a webhook usually comes with its headers). */
    private void readNow(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                         ServletInputStream input, int length) throws IOException, ServletException {
        if (!budget.reserve(length)) {
            busy(response);
            return;
        }
        try {
            byte[] body = input.readNBytes(length);
            String text = utf8(body);
            if (text == null) {
                reject(response, 400, "body is not valid UTF-8");
                return;
            }
            chain.doFilter(new CachedBodyRequest(request, body, text), response);
        } finally {
            budget.release(length);
        }
    }

    /** A body read without a thread, handed to the dispatch that carries it on. */
    private record Body(byte[] bytes, String text) {
    }

    /**
     * Reads one body as it arrives, on whichever container thread has bytes for it, then dispatches the request on
     * with it. However it ends, the memory it took from the budget is given back once the request completes.
     */
    private final class BodyReader implements ReadListener, AsyncListener {

        private final HttpServletRequest request;
        private final ServletInputStream input;
        private final long limit;
        private final AsyncContext async;
        private final AtomicBoolean finished = new AtomicBoolean();
        private final AtomicLong reserved = new AtomicLong();
        private byte[] buffer = new byte[0];
        private int length;

        BodyReader(HttpServletRequest request, ServletInputStream input, long declared) {
            this.request = request;
            this.input = input;
            // a chunked body is read until one byte past the limit, which is then refused
            this.limit = declared >= 0 ? declared : maxBytes + 1;
            this.async = request.startAsync();
        }

        void start() {
            async.setTimeout(bodyTimeoutMillis);
            async.addListener(this);
            input.setReadListener(this);
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (!finished.get() && input.isReady()) {
                if (length == buffer.length && !grow()) {
                    return;
                }
                int read = input.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    return; // onAllDataRead follows
                }
                length += read;
                if (length > maxBytes) {
                    end(413, "body larger than " + maxBytes + " bytes", false);
                    return;
                }
            }
        }

        /** Room for more: double the buffer (up to the limit), if the budget allows. */
        private boolean grow() throws IOException {
            int capacity = (int) Math.min(limit, Math.max(FIRST_BUFFER, 2L * buffer.length));
            if (capacity <= buffer.length) {
                end(413, "body larger than " + maxBytes + " bytes", false);
                return false;
            }
            if (!budget.reserve(capacity - buffer.length)) {
                end(503, "too many webhook bodies are being received at once, retry later", true);
                return false;
            }
            reserved.addAndGet(capacity - buffer.length);
            buffer = Arrays.copyOf(buffer, capacity);
            return true;
        }

        @Override
        public void onAllDataRead() throws IOException {
            if (!finished.compareAndSet(false, true)) {
                return;
            }
            byte[] body = length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
            String text = utf8(body);
            if (text == null) {
                respond(400, "body is not valid UTF-8", false);
                return;
            }
            request.setAttribute(BODY, new Body(body, text));
            async.dispatch();
        }

        @Override
        public void onError(Throwable failure) {
            if (finished.compareAndSet(false, true)) {
                async.complete();
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            end(408, "the body did not arrive within " + bodyTimeoutMillis + " ms", false);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            budget.release(reserved.getAndSet(0));
        }

        @Override
        public void onError(AsyncEvent event) {
            onError(event.getThrowable());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
        }

        private void end(int status, String message, boolean retryLater) throws IOException {
            if (finished.compareAndSet(false, true)) {
                respond(status, message, retryLater);
            }
        }

        private void respond(int status, String message, boolean retryLater) throws IOException {
            HttpServletResponse response = (HttpServletResponse) async.getResponse();
            if (retryLater) {
                response.setHeader("Retry-After", "1");
            }
            reject(response, status, message);
            async.complete();
        }
    }

    /** The memory all bodies being received may hold together. */
    private static final class Budget {

        private final long max;
        private final AtomicLong used = new AtomicLong();

        Budget(long max) {
            this.max = max;
        }

        boolean reserve(long bytes) {
            for (long held = used.get(); ; held = used.get()) {
                if (held + bytes > max) {
                    return false;
                }
                if (used.compareAndSet(held, held + bytes)) {
                    return true;
                }
            }
        }

        void release(long bytes) {
            used.addAndGet(-bytes);
        }
    }

    private void busy(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "1");
        reject(response, 503, "too many webhook bodies are being received at once, retry later");
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

    static void reject(HttpServletResponse response, int status, String message) throws IOException {
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
