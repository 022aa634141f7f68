package io.swarmrec.load;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling to compare the real service with: a bare Netty HTTP/1.1 server, on the same transport and
 * codec as swarmrec's front, that answers every request with the same status and body, doing no work at
 * all. What a load run reaches against it is what this machine, this client and this HTTP stack can do;
 * the gap to swarmrec's figure is the cost of swarmrec itself.
 *
 * <p>Run it alone: {@code java -cp swarmrec-load/target/swarmrec-load.jar io.swarmrec.load.FixedResponseServer [port]
 * [body-bytes]}.
 */
public final class FixedResponseServer implements AutoCloseable {
  private static final AttributeKey<Boolean> KEEP_ALIVE = AttributeKey.valueOf("swarmrec.fixed.keepAlive");

  private final EventLoopGroup group;
  private final Channel channel;

  private FixedResponseServer(EventLoopGroup group, Channel channel) {
    this.group = group;
    this.channel = channel;
  }

  /** Listens on host:port (0 = any free port) with ioThreads event loops (0 = Netty's default). */
  public static FixedResponseServer start(String host, int port, int ioThreads, byte[] body)
      throws InterruptedException {
    if (port < 0 || port > 65535 || ioThreads < 0 || body == null) {
      throw new IllegalArgumentException("need a port in 0..65535, ioThreads >= 0 and a body");
    }
    ByteBuf shared = Unpooled.unreleasableBuffer(Unpooled.directBuffer(body.length).writeBytes(body));
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
    try {
      Channel ch = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
          .option(ChannelOption.SO_BACKLOG, 4096)
          .childOption(ChannelOption.TCP_NODELAY, true)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
              c.pipeline().addLast(new HttpServerCodec(), new Answer(shared));
            }
          }).bind(host, port).sync().channel();
      return new FixedResponseServer(group, ch);
    } catch (InterruptedException | RuntimeException e) {
      group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** A JSON body shaped like a top-k answer of k items, so response sizes match the real service's. */
  public static byte[] recommendationLikeBody(int k) {
    StringBuilder sb = new StringBuilder("{\"user\":\"a0\",\"algo\":\"itemknn\",\"degraded\":false,"
        + "\"source\":\"l1\",\"model_version\":1,\"items\":[");
    for (int i = 0; i < k; i++) {
      sb.append(i == 0 ? "" : ",").append("{\"id\":\"i").append(1000 + i).append("\",\"score\":0.").append(900 - i)
          .append('}');
    }
    return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  public int port() {
    return ((InetSocketAddress) channel.localAddress()).getPort();
  }

  @Override
  public void close() {
    channel.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Answers each request once its last part arrived (so pipelined requests are answered in order). */
  @ChannelHandler.Sharable
  private static final class Answer extends SimpleChannelInboundHandler<HttpObject> {
    private final ByteBuf body;

    Answer(ByteBuf body) {
      this.body = body;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (msg instanceof HttpRequest req) {
        ctx.channel().attr(KEEP_ALIVE).set(HttpUtil.isKeepAlive(req));
      }
      if (msg instanceof LastHttpContent) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body.duplicate());
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
            .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        if (Boolean.FALSE.equals(ctx.channel().attr(KEEP_ALIVE).get())) {
          ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        } else {
          ctx.writeAndFlush(r);
        }
      }
    }
  }

  public static void main(String[] args) throws InterruptedException {
    int port;
    byte[] body;
    try {
      port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
      body = args.length > 1 ? "x".repeat(Integer.parseInt(args[1])).getBytes(StandardCharsets.US_ASCII)
          : recommendationLikeBody(10);
    } catch (IllegalArgumentException e) {
      System.err.println("usage: FixedResponseServer [port] [body-bytes]; " + e.getMessage());
      System.exit(2);
      return;
    }
    try (FixedResponseServer s = start("127.0.0.1", port, 0, body)) {
      System.out.println("fixed-response server on http://127.0.0.1:" + s.port() + " (" + body.length
          + "-byte body); Ctrl-C to stop");
      s.channel.closeFuture().sync();
    }
  }
}
