//! The async runtime for the commands that talk to Azure or serve HTTP.

use std::future::Future;
use std::process::ExitCode;

/// Runs a command's future to completion on a multi-threaded runtime; if no
/// runtime can start, says so and fails.
pub fn block_on(future: impl Future<Output = ExitCode>) -> ExitCode {
    match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt.block_on(future),
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            ExitCode::FAILURE
        }
    }
}
