//! The emulator's accept loop. `axum::serve` has no header-read timeout, so
//! a client that opens a connection and never finishes its request head
//! (half-open, or a slowloris) would hold it forever. hyper's http1 builder
//! closes such a connection after `header_read_timeout`.

use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio_rustls::TlsAcceptor;

/// How long a connection may take to send a request head (10 s: generous for
/// any real client, short enough that stuck connections do not pile up).
pub const DEFAULT_HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Connections still open at shutdown get this long to finish.
const DRAIN: Duration = Duration::from_secs(5);

/// Serves `app` on `listener` (over TLS when `tls` is given) until `shutdown`.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    tls: Option<TlsAcceptor>,
    header_read_timeout: Duration,
    mut shutdown: oneshot::Receiver<()>,
) {
    let graceful = GracefulShutdown::new();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(e) => {
                // Out of descriptors and the like: pause instead of spinning.
                eprintln!("emulator: accept failed: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let (app, tls, watcher) = (app.clone(), tls.clone(), graceful.watcher());
        tokio::spawn(async move {
            match tls {
                None => connection(stream, app, header_read_timeout, watcher).await,
                // The handshake gets the same bound as a request head.
                Some(tls) => {
                    if let Ok(Ok(stream)) =
                        tokio::time::timeout(header_read_timeout, tls.accept(stream)).await
                    {
                        connection(stream, app, header_read_timeout, watcher).await;
                    }
                }
            }
        });
    }
    let _ = tokio::time::timeout(DRAIN, graceful.shutdown()).await;
}

/// One HTTP/1.1 connection, watched for graceful shutdown.
async fn connection<S>(stream: S, app: Router, header_read_timeout: Duration, watcher: Watcher)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let connection = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(header_read_timeout)
        .serve_connection(TokioIo::new(stream), TowerToHyperService::new(app));
    // A client that goes away or times out is not a server error.
    let _ = watcher.watch(connection).await;
}
