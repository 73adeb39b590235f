//! Named kill points for crash tests of multi-step operations.
//!
//! Why: proving that `feeds rotate` or `restore` is safe at *every* step needs the process to
//! die exactly between two steps, which random SIGKILL timing hits too rarely. When the
//! environment variable `SOUDAN_FAULT_POINT` equals a point's name, the process sends itself
//! SIGKILL there (no destructors run, no buffers are flushed: the same as a power cut for
//! everything not yet fsynced, and the same as Ctrl-C arriving at the worst moment).
//!
//! The variable is for tests only; it is documented here and in `docs/feeds.md`, and
//! nothing in soudan sets it. Points: `rotate-after-revoke`, `rotate-after-commit`,
//! `restore-between-renames`, `restore-after-swap`; the interpreter pool's `pool-after-claim`
//! (claimed in PostgreSQL, not committed locally) and `pool-after-commit` (committed locally,
//! claims not yet confirmed).

/// The environment variable naming the point to die at.
pub const ENV: &str = "SOUDAN_FAULT_POINT";

/// Dies here if `SOUDAN_FAULT_POINT` names this point; otherwise does nothing.
pub fn point(name: &str) {
    if std::env::var_os(ENV).is_some_and(|v| v == name) {
        // SAFETY: kill(2) on our own pid with a valid signal number.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGKILL);
        }
        // SIGKILL cannot be caught; should it ever return, stop all the same.
        std::process::abort();
    }
}
