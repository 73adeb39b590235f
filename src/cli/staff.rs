//! `soudan staff add | list | remove | passwd`: the console's accounts.
//!
//! The password never comes from the command line (it would stay in the shell history and
//! in `ps`): it is read from standard input when that is not a terminal (one line, for
//! scripts), and asked twice without echo on a terminal.

use super::output::ui_lang;
use crate::error::{Error, Refusal, Result};
use crate::i18n::Lang;
use crate::model::Role;
use crate::ops::{self, Ctx};
use crate::tr;
use crate::words;
use chrono::{DateTime, Utc};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

#[derive(Debug, clap::Subcommand)]
pub enum StaffCommand {
    /// Add a console account (password from standard input, or asked twice on a terminal).
    Add(AddArgs),
    /// List the console accounts.
    List,
    /// Remove a console account (its open sessions end at their next request).
    Remove(NameArgs),
    /// Set a new password (and, with --role, a new role); open sessions end.
    Passwd(PasswdArgs),
}

#[derive(Debug, clap::Args)]
pub struct AddArgs {
    /// The login name (a Japanese name is fine).
    pub name: String,
    /// coordinator (reads and changes) or viewer (reads only).
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
}

#[derive(Debug, clap::Args)]
pub struct NameArgs {
    /// The login name.
    pub name: String,
}

#[derive(Debug, clap::Args)]
pub struct PasswdArgs {
    /// The login name.
    pub name: String,
    /// A new role: coordinator or viewer.
    #[arg(long, value_parser = parse_role)]
    pub role: Option<Role>,
}

fn parse_role(s: &str) -> std::result::Result<Role, String> {
    Role::from_code(s).ok_or_else(|| format!("{s:?}: coordinator or viewer"))
}

pub fn run(db: &Path, cmd: StaffCommand, flag: Option<Lang>, now: DateTime<Utc>) -> Result<()> {
    let ctx = Ctx::open(db, "soudan staff")?;
    let ui = ui_lang(flag, Some(&ctx));
    match cmd {
        StaffCommand::Add(a) => {
            let pw = read_password(ui)?;
            let account = ops::staff_add(&ctx, &a.name, a.role, &pw, now)?;
            println!(
                "{}",
                tr!(
                    ui,
                    "cli-staff-added",
                    name = account.name.as_str(),
                    role = words::code_word(ui, "role", account.role.code())
                )
            );
            println!("{}", tr!(ui, "cli-staff-next"));
        }
        StaffCommand::List => {
            let accounts = ops::staff_list(&ctx)?;
            println!("{}", tr!(ui, "cli-staff-count", count = accounts.len()));
            let tz = ctx.zone()?;
            for a in &accounts {
                println!(
                    "{}  {}  {}",
                    words::pad(&a.name, 20),
                    words::pad(&words::code_word(ui, "role", a.role.code()), 12),
                    tr!(
                        ui,
                        "cli-staff-since",
                        date = words::instant(ui, a.password_changed, tz)
                    )
                );
            }
        }
        StaffCommand::Remove(a) => {
            ops::staff_remove(&ctx, &a.name)?;
            println!("{}", tr!(ui, "cli-staff-removed", name = a.name.as_str()));
        }
        StaffCommand::Passwd(a) => {
            let pw = read_password(ui)?;
            let account = ops::staff_passwd(&ctx, &a.name, &pw, a.role, now)?;
            println!(
                "{}",
                tr!(
                    ui,
                    "cli-staff-passwd",
                    name = account.name.as_str(),
                    role = words::code_word(ui, "role", account.role.code())
                )
            );
        }
    }
    Ok(())
}

/// One line of standard input, or (on a terminal) the password typed twice without echo.
fn read_password(ui: Lang) -> Result<String> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin
            .lock()
            .take_line(&mut line)
            .map_err(|e| Error::internal("reading the password from standard input", e))?;
        return Ok(line);
    }
    let first = ask_hidden(&tr!(ui, "cli-staff-password-prompt"))?;
    let second = ask_hidden(&tr!(ui, "cli-staff-password-again"))?;
    if first != second {
        return Err(Refusal::PasswordsDiffer.into());
    }
    Ok(first)
}

/// Reads one line (without its line break) of at most a few KiB.
trait TakeLine {
    fn take_line(&mut self, line: &mut String) -> std::io::Result<()>;
}

impl<R: BufRead> TakeLine for R {
    fn take_line(&mut self, line: &mut String) -> std::io::Result<()> {
        use std::io::Read;
        self.take(8 * 1024).read_line(line)?;
        while line.ends_with(['\n', '\r']) {
            line.pop();
        }
        Ok(())
    }
}

/// Asks on the terminal with echo off (termios), restoring it whatever happens.
fn ask_hidden(prompt: &str) -> Result<String> {
    use std::os::fd::AsRawFd;
    let fd = std::io::stdin().as_raw_fd();
    let mut err = std::io::stderr();
    let _ = write!(err, "{prompt}");
    let _ = err.flush();
    // SAFETY: tcgetattr/tcsetattr on our own standard input with a zeroed termios it fills.
    let saved = unsafe {
        let mut t: libc::termios = std::mem::zeroed();
        if libc::tcgetattr(fd, &mut t) != 0 {
            None
        } else {
            let saved = t;
            t.c_lflag &= !libc::ECHO;
            libc::tcsetattr(fd, libc::TCSANOW, &t);
            Some(saved)
        }
    };
    let mut line = String::new();
    let read = std::io::stdin().lock().take_line(&mut line);
    if let Some(t) = saved {
        // SAFETY: restores the settings read above.
        unsafe {
            libc::tcsetattr(fd, libc::TCSANOW, &t);
        }
    }
    let _ = writeln!(err);
    read.map_err(|e| Error::internal("reading the password from the terminal", e))?;
    Ok(line)
}
