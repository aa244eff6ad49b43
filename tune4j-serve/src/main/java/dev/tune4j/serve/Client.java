package dev.tune4j.serve;

import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;

/**
 * The HTTP client of a queued request, asked by the batcher whether it is still there before its inputs go into a
 * forward (TEI drops such entries and counts {@code te_request_failure{err="dropped"}}).
 *
 * <p>Jetty cannot say: over HTTP/1.1 it stops reading a connection while the request is handled, so a client that
 * closes its socket is noticed only when the answer is written (jetty/jetty.project#238). The probe therefore reads
 * the socket itself, without blocking: -1 (the client's FIN) or an error (its RST) means gone; 0 means still
 * waiting. A request's body has been read in full before it is queued, so the only bytes that can arrive are a
 * pipelined next request; the probe then keeps the byte it took and the answer carries {@code Connection: close},
 * after which RFC 9112 §9.3.2 has a pipelining client retry what was not answered. Jetty's own failure
 * notification (idle timeout, server stop) marks the client gone as well.
 */
final class Client {

    private static final String KEY = "tune4j.client";

    /** A caller without a socket (tests, in-process use): always there. */
    static final Client NONE = new Client(null);

    private final SocketChannel channel;
    private volatile boolean gone;
    private volatile boolean pipelined;

    private Client(SocketChannel channel) {
        this.channel = channel;
    }

    /** The client behind {@code ctx}'s connection; {@link #NONE} where the connection is not a plain socket. */
    static Client of(Context ctx) {
        Client known = ctx.attribute(KEY);
        if (known == null) {
            known = probe(ctx);
            ctx.attribute(KEY, known);
        }
        return known;
    }

    /** True for a request whose probe took the first byte of a pipelined request behind it. */
    static boolean mustClose(Context ctx) {
        Client client = ctx.attribute(KEY);
        return client != null && client.pipelined;
    }

    private static Client probe(Context ctx) {
        ServletContextRequest request;
        try {
            request = ServletContextRequest.getServletContextRequest(ctx.req());
        } catch (IllegalStateException e) {
            return NONE;
        }
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        Client client = new Client(endPoint instanceof SocketChannelEndPoint socket ? socket.getChannel() : null);
        request.addFailureListener(failure -> client.gone = true);
        return client;
    }

    /** True once the client has closed or reset its connection. Called by its model's batcher thread only. */
    boolean gone() {
        if (gone || channel == null || pipelined) {
            return gone;
        }
        try {
            int read = channel.read(ByteBuffer.allocate(1));
            if (read < 0) {
                gone = true;
            } else if (read > 0) {
                pipelined = true;
            }
        } catch (IOException e) {
            gone = true; // reset by the peer, or closed by Jetty
        }
        return gone;
    }
}
