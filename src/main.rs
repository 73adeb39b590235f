fn main() {
    restore_sigpipe();
    std::process::exit(soudan::cli::main());
}

/// Rust ignores SIGPIPE, so `soudan report | head` would panic on the first write after `head`
/// exits. Restoring the default makes soudan end quietly like any Unix tool.
#[cfg(unix)]
fn restore_sigpipe() {
    // SAFETY: called first thing in main, before any thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn restore_sigpipe() {}
