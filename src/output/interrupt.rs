//! Stopping a build cleanly on Ctrl+C (SIGINT), SIGTERM or SIGHUP.
//!
//! A build writes each changed page beside its place under a temporary
//! name as soon as it is rendered; killed by the default action of a
//! signal, it would leave those files behind (thousands, on a large site).
//! Instead, once [`install`] has run, the first signal is only noted: a
//! build still reading records has written nothing and the process exits
//! at once; a build writing stops at its next file ([`Staging`]
//! refuses every put), its staging removes its temporary files and the
//! folders it made, and the command exits with 128 + the signal's number
//! (130 for Ctrl+C, 143 for SIGTERM). A build already renaming files into
//! place finishes that (it takes well under a second, and stopping half-way
//! would leave a mix of old and new pages), then exits the same way. A
//! second signal exits at once.
//!
//! SIGKILL cannot be caught. Killed while writing, a build leaves
//! temporary files (`.name.tmp-<pid>`, `.gongkai-staging-<pid>/`) and, if
//! killed during the renames, a mix of old and new pages; the manifest
//! written before the renames lists both, so the next build replaces what
//! changed, removes what is stale and sweeps the temporary files.
//!
//! [`Staging`]: super::Staging

use std::sync::atomic::{AtomicI32, AtomicUsize, Ordering};

/// The signal received, 0 while none.
static SIGNAL: AtomicI32 = AtomicI32::new(0);

/// How many stagings are writing into an output folder right now.
static WRITING: AtomicUsize = AtomicUsize::new(0);

/// The signal that asked the process to stop, if one did.
pub(crate) fn requested() -> Option<i32> {
    match SIGNAL.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// The exit status after `signal`, as a shell reports it: 128 + its number.
pub(crate) fn exit_status(signal: i32) -> u8 {
    u8::try_from(128 + signal).unwrap_or(130)
}

/// Marks a staging as writing until the guard is dropped.
pub(super) struct Writing(());

impl Writing {
    pub(super) fn start() -> Writing {
        WRITING.fetch_add(1, Ordering::SeqCst);
        Writing(())
    }
}

impl Drop for Writing {
    fn drop(&mut self) {
        WRITING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// What the signal thread does with each signal.
fn on_signal(signal: i32) {
    let first = SIGNAL
        .compare_exchange(0, signal, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok();
    // The flag is set before looking: a staging that starts writing after
    // this look sees it before it writes anything.
    if !first || WRITING.load(Ordering::SeqCst) == 0 {
        std::process::exit(i32::from(exit_status(signal)));
    }
}

/// Catches SIGINT, SIGTERM and SIGHUP for the rest of the process (Ctrl+C
/// elsewhere), as described above. Returns once they are caught, so that
/// no signal can take the default action after a build started writing.
pub(crate) fn install() {
    let (ready, wait) = std::sync::mpsc::channel::<()>();
    let spawned = std::thread::Builder::new()
        .name("gongkai-signals".into())
        .spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_io()
                .build()
            else {
                let _ = ready.send(());
                return;
            };
            runtime.block_on(listen(ready));
        });
    if spawned.is_ok() {
        let _ = wait.recv();
    }
}

#[cfg(unix)]
async fn listen(ready: std::sync::mpsc::Sender<()>) {
    use tokio::signal::unix::{SignalKind, signal};
    let streams = (
        signal(SignalKind::interrupt()),
        signal(SignalKind::terminate()),
        signal(SignalKind::hangup()),
    );
    let _ = ready.send(());
    let (Ok(mut int), Ok(mut term), Ok(mut hup)) = streams else {
        return;
    };
    loop {
        let signal = tokio::select! {
            _ = int.recv() => 2,
            _ = term.recv() => 15,
            _ = hup.recv() => 1,
        };
        on_signal(signal);
    }
}

#[cfg(not(unix))]
async fn listen(ready: std::sync::mpsc::Sender<()>) {
    let _ = ready.send(());
    while tokio::signal::ctrl_c().await.is_ok() {
        on_signal(2);
    }
}
