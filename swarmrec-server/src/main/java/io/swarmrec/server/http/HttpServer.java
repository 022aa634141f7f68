package io.swarmrec.server.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty front: HTTP/1.1 with keep-alive, bodies aggregated up to a limit, and one thin handler that
 * parses the target, finds the route and writes what the route answers. Routes never run blocking work on
 * the event loop: they return a stage that completes on a worker (or at once, for cached answers).
 * Every failure becomes a JSON error with a stable code; an unexpected exception is logged and answered
 * 500 without its details.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  /**
   * Observes each finished request: method, route template ("unmatched" when none), status, the error
   * code (null on success) and nanoseconds.
   */
  public interface Observer {
    void completed(String method, String route, int status, String errorCode, long nanos);
  }

  /**
   * Connection limits: a connection with no traffic for {@code idleSeconds} is closed (0: never), a request
   * whose bytes have not all arrived {@code readSeconds} after its first byte is answered 408 and its
   * connection closed (0: no limit), and at most {@code maxConnections} are open at once (one more is
   * closed as soon as it is accepted).
   */
  public record Limits(int idleSeconds, int readSeconds, int maxConnections) {
    public static final Limits NONE = new Limits(0, 0, Integer.MAX_VALUE);
  }

  private final EventLoopGroup group;
  private final Channel channel;
  private final AtomicInteger open = new AtomicInteger();

  /**
   * @param translate turns a failure the routes raise into the error to answer (null when it has none:
   *     then it is a 500 {@code internal}); {@link ApiException}s are answered as they are
   */
  public HttpServer(String host, int port, int ioThreads, int maxBodyBytes, Router router, Observer observer,
      Function<Throwable, ApiException> translate, Limits limits) throws InterruptedException {
    group = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 4096)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            if (open.incrementAndGet() > limits.maxConnections()) {
              open.decrementAndGet();
              ch.close();
              return;
            }
            ch.closeFuture().addListener(f -> open.decrementAndGet());
            ChannelPipeline p = ch.pipeline();
            if (limits.idleSeconds() > 0) {
              p.addLast(new IdleStateHandler(0, 0, limits.idleSeconds()));
            }
            RequestTimer timer = limits.readSeconds() > 0 ? new RequestTimer(limits.readSeconds()) : null;
            if (timer != null) {
              p.addLast(timer);
            }
            p.addLast(new HttpServerCodec(8192, 16384, 8192));
            p.addLast(new JsonErrorAggregator(maxBodyBytes));
            p.addLast(new Handler(router, observer, translate, timer));
          }
        });
    channel = b.bind(host, port).sync().channel();
  }

  /** Connections open now. */
  public int openConnections() {
    return open.get();
  }

  /**
   * Times each request from its first byte: when the whole request has not arrived within the limit (a
   * client that sends half a request and waits, by accident or to hold the connection), it is answered 408
   * and the connection closed. Sits before the codec, so it also sees requests whose headers never end.
   */
  private static final class RequestTimer extends ChannelInboundHandlerAdapter {
    private final long seconds;
    private ScheduledFuture<?> pending; // touched on the channel's event loop only

    RequestTimer(long seconds) {
      this.seconds = seconds;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (pending == null && msg instanceof ByteBuf b && b.isReadable()) {
        pending = ctx.executor().schedule(() -> expire(ctx), seconds, TimeUnit.SECONDS);
      }
      ctx.fireChannelRead(msg);
    }

    /** The request being timed has arrived whole. */
    void arrived() {
      if (pending != null) {
        pending.cancel(false);
        pending = null;
      }
    }

    private void expire(ChannelHandlerContext ctx) {
      pending = null;
      FullHttpResponse r = response(HttpResponseStatus.REQUEST_TIMEOUT, Reply.JSON,
          Json.error("request_timeout", "the request did not arrive whole within " + seconds + " s"));
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.channel().writeAndFlush(r).addListener(ChannelFutureListener.CLOSE); // from the tail: through the encoder
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      arrived();
      ctx.fireChannelInactive();
    }
  }

  /** The bound port (useful with port 0). */
  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Answers an oversized body with a JSON 413 instead of Netty's empty one. */
  private static final class JsonErrorAggregator extends HttpObjectAggregator {
    JsonErrorAggregator(int max) {
      super(max);
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
      FullHttpResponse r = response(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
          Reply.JSON, Json.error("body_too_large", "request body exceeds " + maxContentLength() + " bytes"));
      r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }
  }

  /**
   * One per connection. HTTP/1.1 pipelining requires answers in request order, and routes complete on
   * other threads in any order, so a connection serves one request at a time: requests that arrive while
   * one is in flight wait in a small queue (all state touched on the connection's event loop only).
   *
   * <p>Answers completed during a read (cached answers, errors) are written without a flush and flushed
   * once when the read is complete, so the answers to pipelined requests leave in one write; answers
   * completed later, on a worker, are flushed at once.
   */
  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final Router router;
    private final Observer observer;
    private final Function<Throwable, ApiException> translate;
    private final RequestTimer timer;
    private final java.util.ArrayDeque<FullHttpRequest> waiting = new java.util.ArrayDeque<>(2);
    private boolean busy;
    /** Inside a read (between channelRead and channelReadComplete) on the event loop. */
    private boolean reading;
    private boolean flushPending;

    Handler(Router router, Observer observer, Function<Throwable, ApiException> translate, RequestTimer timer) {
      this.router = router;
      this.observer = observer;
      this.translate = translate;
      this.timer = timer;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
      if (evt instanceof IdleStateEvent && !busy) {
        ctx.close(); // nothing sent either way for the idle time, and no answer owed
        return;
      }
      super.userEventTriggered(ctx, evt);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
      if (timer != null) {
        timer.arrived();
      }
      reading = true;
      if (busy) {
        waiting.add(req.retain());
        return;
      }
      serve(ctx, req);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      reading = false;
      if (flushPending) {
        flushPending = false;
        ctx.flush();
      }
      ctx.fireChannelReadComplete();
    }

    /** Writes an answer: within a read on the loop the flush waits for channelReadComplete. */
    void write(ChannelHandlerContext ctx, FullHttpResponse r, boolean close) {
      ChannelFuture f;
      if (reading && ctx.executor().inEventLoop()) {
        f = ctx.write(r);
        flushPending = true;
      } else {
        f = ctx.writeAndFlush(r);
      }
      if (close) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
    }

    /** The answer in flight has been written: serve the next waiting request, if any. */
    void written(ChannelHandlerContext ctx) {
      if (ctx.executor().inEventLoop()) {
        busy = false;
        if (!waiting.isEmpty()) {
          ctx.executor().execute(() -> next(ctx)); // not recursively, however many are queued
        }
      } else {
        ctx.executor().execute(() -> next(ctx));
      }
    }

    /** Called on the event loop when the answer in flight has been written. */
    private void next(ChannelHandlerContext ctx) {
      busy = false;
      FullHttpRequest req = waiting.poll();
      if (req != null) {
        try {
          serve(ctx, req);
        } finally {
          req.release();
        }
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      FullHttpRequest r;
      while ((r = waiting.poll()) != null) {
        r.release();
      }
      super.channelInactive(ctx);
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest req) {
      busy = true;
      Call call = new Call(ctx, this, HttpUtil.isKeepAlive(req), req.method().name(), observer, translate);
      if (!req.decoderResult().isSuccess()) {
        call.fail(new ApiException(400, "bad_request", "malformed HTTP request"));
        return;
      }
      CompletionStage<? extends Response> stage;
      try {
        StrictUri uri = new StrictUri(req.uri());
        Router.Match m = router.match(call.method, uri.segments);
        call.route = m.route();
        byte[] body = new byte[req.content().readableBytes()];
        req.content().readBytes(body);
        String auth = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
        var headers = req.headers();
        Request r = new Request(call.method, req.uri(), m.params(), uri.query, token,
            headers.get(HttpHeaderNames.ACCEPT), body, headers::get);
        stage = m.handler().handle(r);
      } catch (Exception e) {
        call.fail(e);
        return;
      }
      stage.whenComplete(call);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (cause instanceof TooLongFrameException) {
        FullHttpResponse r = response(HttpResponseStatus.BAD_REQUEST, Reply.JSON,
            Json.error("request_too_large", "request line or headers too long"));
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
      } else {
        ctx.close();
      }
    }
  }

  /** One request in flight: writes whatever its route answers and reports it to the observer. */
  private static final class Call implements BiConsumer<Response, Throwable> {
    final ChannelHandlerContext ctx;
    final Handler handler;
    final boolean keepAlive;
    final String method;
    final Observer observer;
    final Function<Throwable, ApiException> translate;
    final long start = System.nanoTime();
    String route = "unmatched";

    Call(ChannelHandlerContext ctx, Handler handler, boolean keepAlive, String method, Observer observer,
        Function<Throwable, ApiException> translate) {
      this.ctx = ctx;
      this.handler = handler;
      this.keepAlive = keepAlive;
      this.method = method;
      this.observer = observer;
      this.translate = translate;
    }

    @Override
    public void accept(Response resp, Throwable err) {
      if (err != null) {
        fail(err);
      } else if (resp instanceof Reply reply) {
        finish(response(HttpResponseStatus.valueOf(reply.status()), reply.contentType(), reply.body()));
        done(reply.status(), null);
      } else if (resp instanceof Streamed s) {
        stream(s);
      }
    }

    void stream(Streamed s) {
      HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      head.headers().set(HttpHeaderNames.CONTENT_TYPE, s.contentType());
      HttpUtil.setTransferEncodingChunked(head, true);
      ctx.writeAndFlush(head);
      s.executor().execute(() -> {
        try {
          s.producer().produce(chunk -> ctx.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(chunk))));
          var f = ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
          if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
          }
          done(200, null);
        } catch (Exception e) {
          LOG.warn("streamed response failed", e);
          ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
          done(500, "stream_failed");
        }
      });
    }

    void fail(Throwable t) {
      Throwable e = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
      ApiException api = e instanceof ApiException a ? a : translate.apply(e);
      if (api == null) {
        LOG.error("unexpected failure on {} {}", method, route, e);
        api = new ApiException(500, "internal", "internal error");
      }
      FullHttpResponse r = response(HttpResponseStatus.valueOf(api.status()), Reply.JSON,
          Json.error(api.code(), api.getMessage()));
      if (api.retryAfterSeconds() > 0) {
        r.headers().set(HttpHeaderNames.RETRY_AFTER, api.retryAfterSeconds());
      }
      finish(r);
      done(api.status(), api.code());
    }

    private void finish(FullHttpResponse r) {
      if (keepAlive) {
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
      handler.write(ctx, r, !keepAlive);
    }

    private void done(int status, String errorCode) {
      handler.written(ctx);
      observer.completed(method, route, status, errorCode, System.nanoTime() - start);
    }
  }

  /**
   * Headers this server writes itself, from constants and numbers: validating each value again on every
   * answer (as Netty's default headers do) costs more than the rest of writing them.
   */
  private static final HttpHeadersFactory TRUSTED_HEADERS = DefaultHttpHeadersFactory.headersFactory()
      .withValidation(false);

  static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body) {
    ByteBuf buf = Unpooled.wrappedBuffer(body);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, buf, TRUSTED_HEADERS,
        DefaultHttpHeadersFactory.trailersFactory());
    r.headers().set(HttpHeaderNames.CONTENT_TYPE,
        Reply.JSON.equals(contentType) ? HttpHeaderValues.APPLICATION_JSON : contentType);
    r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return r;
  }
}
