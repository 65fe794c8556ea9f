//! `acrtui rotate`: generate in the free/oldest slot, print the secret once on
//! stdout (nothing secret on stderr), then `--finish` removes the old slot.

use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use chrono::Utc;

use super::deliver::{self, Sink};
use crate::arm::{ArmError, RegistryInfo, Slot};
use crate::cli::{GlobalArgs, RotateArgs, SlotChoice};
use crate::connect::connect;
use crate::domain::rotation::{parse_expiry, plan_slot, slot_to_retire};
use crate::domain::rotation_report::capitalized;
use crate::domain::secret_formats::{self, SecretFormat};
use crate::password_gen::{GenerateFailure, Request, generate_checked};

pub fn run_blocking(global: &GlobalArgs, args: &RotateArgs) -> ExitCode {
    crate::runtime::block_on(async { exit_code(rotate(global, args).await) })
}

fn exit_code(result: Result<(), Failure>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(m)) => {
            eprintln!("error: {m}");
            ExitCode::from(2)
        }
        Err(Failure::Reported) => ExitCode::FAILURE,
        Err(Failure::Azure(e)) => {
            eprintln!("error: {e}");
            if let Some(h) = e.hint() {
                eprintln!("hint: {h}");
            }
            ExitCode::FAILURE
        }
    }
}

pub(super) enum Failure {
    Usage(String),
    Azure(ArmError),
    /// Already explained on stderr (a lost answer, a stale choice).
    Reported,
}

/// Tells the user what a failed generation left behind, with the next command.
fn explain(failure: GenerateFailure, registry: &RegistryInfo, token: &str) -> Failure {
    match failure {
        GenerateFailure::Refused(e) => Failure::Azure(e),
        GenerateFailure::Stale { message, .. } => {
            eprintln!("error: {message}");
            Failure::Reported
        }
        GenerateFailure::Lost { error, report, .. } => {
            eprintln!("error: {}", report.text);
            let r = &registry.registry;
            if let Some(slot) = report.created.first() {
                eprintln!(
                    "next: acrtui rotate --registry {}/{} --token {token} --slot {}",
                    r.resource_group,
                    r.name,
                    slot.as_str()
                );
            }
            if let Some(h) = error.hint() {
                eprintln!("hint: {h}");
            }
            Failure::Reported
        }
    }
}

impl From<ArmError> for Failure {
    fn from(e: ArmError) -> Self {
        Failure::Azure(e)
    }
}

/// Asks on the terminal; refuses when there is no terminal to ask on.
pub(super) fn confirm(question: &str, yes: bool) -> Result<(), Failure> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Failure::Usage(format!(
            "{question} Pass --yes to confirm when not on a terminal."
        )));
    }
    eprint!("{question} Type yes to continue: ");
    let _ = std::io::stderr().flush();
    let mut line = String::new();
    let _ = std::io::stdin().lock().read_line(&mut line);
    if line.trim() == "yes" {
        Ok(())
    } else {
        Err(Failure::Usage("cancelled".into()))
    }
}

/// The expiry and the sink, checked before anything is read or generated:
/// a bad name or sink must not cost a password.
fn checked_inputs(
    args: &RotateArgs,
    started: chrono::DateTime<Utc>,
) -> Result<(Option<chrono::DateTime<Utc>>, Sink), Failure> {
    let expiry =
        parse_expiry(&args.expiry, started).map_err(|e| Failure::Usage(format!("--expiry {e}")))?;
    if let Some(name) = &args.secret_name {
        secret_formats::check_secret_name(name)
            .map_err(|e| Failure::Usage(format!("--secret-name {e}")))?;
    }
    let sink = match &args.deliver {
        Some(value) => Sink::parse(value).map_err(|e| Failure::Usage(format!("--deliver {e}")))?,
        None => Sink::Stdout,
    };
    sink.check_format(args.format)
        .map_err(|e| Failure::Usage(format!("--deliver {e}")))?;
    Ok((expiry, sink))
}

async fn rotate(global: &GlobalArgs, args: &RotateArgs) -> Result<(), Failure> {
    crate::logging::init(global.log_file.as_deref()).map_err(Failure::Usage)?;
    let started = Utc::now();
    let (expiry, sink) = checked_inputs(args, started)?;
    if let Some(window) = &args.expiring_within {
        return super::rotate_bulk::run(global, args, window, expiry).await;
    }
    if let (true, None, Some(report)) = (args.finish, &args.token, &args.report) {
        let connection = connect(global).await?;
        eprintln!("acrtui: using {}", connection.description);
        return super::rotate_bulk_finish::run(connection.api.as_ref(), report, args.yes).await;
    }
    let (Some(registry_arg), Some(token_arg)) = (&args.registry, &args.token) else {
        return Err(Failure::Usage(
            "--registry and --token name the token to rotate (or --expiring-within plans many)"
                .into(),
        ));
    };
    let connection = connect(global).await?;
    let api = connection.api.as_ref();
    eprintln!("acrtui: using {}", connection.description);
    let registry = super::find_registry::find_registry(api, global, registry_arg)
        .await
        .map_err(|e| match e {
            super::find_registry::FindError::Usage(m) => Failure::Usage(m),
            super::find_registry::FindError::Azure(e) => Failure::Azure(e),
        })?;
    let r = &registry.registry;
    let token = api.get_token(r, token_arg).await?;
    if args.finish {
        return finish(api, r, &token, args.yes).await;
    }
    let plan = plan_slot(&token, wanted_slot(args.slot), Utc::now(), started);
    // A secret name that does not fill in must not cost a password.
    let sink = sink
        .for_token(&registry.registry.name, &token.name, plan.slot)
        .map_err(|e| Failure::Usage(format!("--deliver {e}")))?;
    if let Some(warning) = &plan.warning {
        confirm(&format!("{}.", capitalized(warning)), args.yes)?;
    }
    if expiry.is_none() {
        confirm(
            "A password that never expires is flagged by every audit.",
            args.yes,
        )?;
    }
    let printed = Printed {
        format: args.format,
        secret_name: args.secret_name.clone().unwrap_or_else(|| {
            secret_formats::default_secret_name(&registry.registry.name, &token.name)
        }),
        sink,
        vaults: connection.key_vaults.clone(),
    };
    generate_and_hand_over(api, &registry, &token, (plan.slot, expiry), &printed).await
}

/// `--slot`: a slot asked for, or None to let the plan choose.
fn wanted_slot(choice: SlotChoice) -> Option<Slot> {
    match choice {
        SlotChoice::Auto => None,
        SlotChoice::Password1 => Some(Slot::Password1),
        SlotChoice::Password2 => Some(Slot::Password2),
    }
}

/// The new password in `slot` (never re-sent after a lost answer), then to its sink.
async fn generate_and_hand_over(
    api: &dyn crate::arm::AcrApi,
    registry: &RegistryInfo,
    token: &crate::arm::TokenInfo,
    (slot, expiry): (Slot, Option<chrono::DateTime<Utc>>),
    printed: &Printed,
) -> Result<(), Failure> {
    let request = Request {
        registry: &registry.registry,
        chosen_on: token,
        slot: Some(slot),
        expiry,
    };
    let creds = match generate_checked(api, request).await {
        Ok(creds) => creds,
        Err(failure) => return Err(explain(failure, registry, &token.name)),
    };
    let new = creds
        .new_password(slot)
        .map_err(|why| Failure::Azure(ArmError::new(crate::arm::ArmErrorKind::Decode, why)))?;
    hand_over(new, &creds.username, slot, registry, printed).await
}

/// `--finish`: the old password of a rotation in progress is deleted,
/// after confirmation; nothing to finish is said, not an error.
async fn finish(
    api: &dyn crate::arm::AcrApi,
    r: &crate::arm::RegistryRef,
    token: &crate::arm::TokenInfo,
    yes: bool,
) -> Result<(), Failure> {
    let Some(old) = slot_to_retire(&token.passwords) else {
        eprintln!(
            "{} has {} password(s); nothing to finish.",
            token.name,
            token.passwords.len()
        );
        return Ok(());
    };
    confirm(
        &format!(
            "Delete {} of {} in {r}? Consumers still using it will fail.",
            old.as_str(),
            token.name
        ),
        yes,
    )?;
    api.delete_password(r, &token.name, old).await?;
    eprintln!(
        "Deleted {} of {}. Rotation finished.",
        old.as_str(),
        token.name
    );
    Ok(())
}

/// How the new password is handed over.
struct Printed {
    format: SecretFormat,
    secret_name: String,
    sink: Sink,
    vaults: crate::key_vault::KeyVaults,
}

/// The new password, once, in the format asked for, to its sink (stdout is
/// the only other place a secret goes); what it is and the next step on
/// stderr. A sink that fails gets it printed on stdout instead: never lost.
async fn hand_over(
    new: &crate::arm::GeneratedPassword,
    username: &str,
    slot: Slot,
    registry: &crate::arm::RegistryInfo,
    printed: &Printed,
) -> Result<(), Failure> {
    let credential = secret_formats::Credential {
        login_server: &registry.login_server,
        username,
        password: &new.value,
    };
    let text = secret_formats::render(printed.format, &credential, &printed.secret_name);
    let handover = deliver::Handover {
        vaults: &printed.vaults,
        meta: crate::key_vault::SecretMeta {
            registry: &registry.registry.name,
            login_server: &registry.login_server,
            token: username,
            slot,
            expiry: new.expiry,
            format: printed.format,
        },
    };
    let delivered = deliver::hand_to(&printed.sink, &handover, &text, None).await;
    let until = new.expiry.map_or("never expires".to_string(), |e| {
        format!("expires {}", e.format("%Y-%m-%d"))
    });
    let what = match (&delivered, &printed.sink, printed.format) {
        (Ok(_), Sink::Exec(_), _) => format!("delivered to {}", printed.sink.describe()),
        (Ok(id), Sink::KeyVault { .. }, _) => {
            format!("written to {} as version {id}", printed.sink.describe())
        }
        (_, _, SecretFormat::Password) => "printed above".into(),
        (_, _, SecretFormat::Dockerconfigjson) => "in the docker config printed above".into(),
        (_, _, SecretFormat::K8sSecret) => {
            "in the Secret manifest printed above (kubectl apply -f -)".into()
        }
        (_, _, SecretFormat::Env) => "in the ACR_PASSWORD line printed above".into(),
    };
    if let Err(e) = &delivered {
        eprintln!(
            "error: the delivery failed: {e}. The password was printed on stdout instead, so it is not lost."
        );
    }
    eprintln!(
        "New {} for {username} on {} ({until}), {what}; it cannot be shown again.",
        slot.as_str(),
        registry.login_server
    );
    eprintln!("Next: wait about 60 s for replication, switch every consumer to it, then run:");
    let r = &registry.registry;
    eprintln!(
        "  acrtui rotate --registry {}/{} --token {username} --finish",
        r.resource_group, r.name
    );
    delivered.map(|_| ()).map_err(|_| Failure::Reported)
}
