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

/// GET `path` of `vault` on the emulator with `bearer`, as a vault's
/// reader (ESO) would: (status, JSON).
pub fn read_vault_as(
    emu: &EmulatorProcess,
    vault: &str,
    path: &str,
    bearer: &str,
) -> (u16, serde_json::Value) {
    let addr: std::net::SocketAddr = emu.url.trim_start_matches("http://").parse().unwrap();
    let host = format!("{vault}.vault.azure.net");
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let http = reqwest::Client::builder()
            .resolve(&host, addr)
            .no_proxy()
            .build()
            .unwrap();
        let url = format!("http://{host}:{}{path}?api-version=7.5", addr.port());
        let r = http.get(url).bearer_auth(bearer).send().await.unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    })
}
