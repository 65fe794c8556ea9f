//! `acrtui emulator` as a subprocess, for tests of the real binary.
#![allow(dead_code)]

#[path = "../../benches/support/emulator_process.rs"]
mod emulator_process;
pub use emulator_process::EmulatorProcess;

/// Starts `acrtui emulator --quiet --retry-after 0 ARGS…` and reads its address.
pub fn spawn_emulator(args: &[&str]) -> EmulatorProcess {
    let mut all = vec!["--retry-after", "0"];
    all.extend_from_slice(args);
    spawn_emulator_plain(&all)
}

/// Starts `acrtui emulator --quiet ARGS…` (the live service's timings unless ARGS say otherwise).
pub fn spawn_emulator_plain(args: &[&str]) -> EmulatorProcess {
    emulator_process::spawn(args).unwrap_or_else(|e| panic!("{e}"))
}

/// Whether `user`/`password` get a pull token from `login_server`'s token
/// service, served by the emulator process at its port under that name.
pub fn logs_in(emu: &EmulatorProcess, login_server: &str, user: &str, password: &str) -> bool {
    let addr: std::net::SocketAddr = emu
        .url
        .trim_start_matches("http://")
        .parse()
        .expect("an http emulator");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    rt.block_on(async {
        let http = reqwest::Client::builder()
            .resolve(login_server, addr)
            .no_proxy()
            .build()
            .expect("a client");
        let r = http
            .get(format!(
                "http://{login_server}:{}/oauth2/token",
                addr.port()
            ))
            .basic_auth(user, Some(password))
            .query(&[
                ("service", login_server),
                ("scope", "repository:samples/x:pull"),
            ])
            .send()
            .await
            .expect("the token service answers");
        r.status() == 200
    })
}
