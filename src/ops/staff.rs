//! Console staff accounts: add, list, remove, change a password, and the login check.
//!
//! Accounts live in the database (meta `staff/<name>`), so a backup carries them and a
//! restore brings them back. Their commits do not publish: no feed or page shows them.

use super::Ctx;
use crate::error::{Error, Refusal, Result};
use crate::model::{Role, StaffAccount, staff_name_problem};
use crate::password;
use crate::store::Batch;
use chrono::{DateTime, Utc};

/// Who is logged in: what a console session carries (never the hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staff {
    pub name: String,
    pub role: Role,
}

fn check_password(pw: &str) -> Result<()> {
    if pw.len() > password::MAX_BYTES {
        return Err(Refusal::PasswordTooLong {
            max: password::MAX_BYTES,
        }
        .into());
    }
    if pw.chars().count() < password::MIN_CHARS {
        return Err(Refusal::WeakPassword {
            min: password::MIN_CHARS,
        }
        .into());
    }
    Ok(())
}

fn hash(pw: &str) -> Result<String> {
    password::hash(pw).map_err(|e| Error::internal("hashing the password", e))
}

/// Adds an account. Refused when the name is taken or unusable, or the password too short.
pub fn staff_add(
    ctx: &Ctx,
    name: &str,
    role: Role,
    pw: &str,
    now: DateTime<Utc>,
) -> Result<StaffAccount> {
    if staff_name_problem(name).is_some() {
        return Err(Refusal::BadStaffName { name: name.into() }.into());
    }
    if ctx.store().staff_account(name)?.is_some() {
        return Err(Refusal::StaffExists { name: name.into() }.into());
    }
    check_password(pw)?;
    let account = StaffAccount {
        name: name.to_string(),
        role,
        password_hash: hash(pw)?,
        created: now,
        password_changed: now,
    };
    let mut b = Batch::new();
    b.put_staff(&account)?;
    ctx.store().commit(b)?;
    tracing::info!(staff = name, role = role.code(), "staff account added");
    Ok(account)
}

pub fn staff_list(ctx: &Ctx) -> Result<Vec<StaffAccount>> {
    Ok(ctx.store().staff_accounts()?)
}

fn existing(ctx: &Ctx, name: &str) -> Result<StaffAccount> {
    ctx.store()
        .staff_account(name)?
        .ok_or_else(|| Refusal::UnknownStaff { name: name.into() }.into())
}

/// Removes an account; its open console sessions end at their next request (the console
/// looks the account up on every request).
pub fn staff_remove(ctx: &Ctx, name: &str) -> Result<()> {
    existing(ctx, name)?;
    let mut b = Batch::new();
    b.delete_staff(name);
    ctx.store().commit(b)?;
    tracing::info!(staff = name, "staff account removed");
    Ok(())
}

/// Sets a new password (and, with `role`, a new role).
pub fn staff_passwd(
    ctx: &Ctx,
    name: &str,
    pw: &str,
    role: Option<Role>,
    now: DateTime<Utc>,
) -> Result<StaffAccount> {
    let mut account = existing(ctx, name)?;
    check_password(pw)?;
    account.password_hash = hash(pw)?;
    account.password_changed = now;
    if let Some(r) = role {
        account.role = r;
    }
    let mut b = Batch::new();
    b.put_staff(&account)?;
    ctx.store().commit(b)?;
    tracing::info!(staff = name, "staff password changed");
    Ok(account)
}

/// The login check: the account when `name` and `pw` match, `None` otherwise. An unknown
/// name costs the same work as a wrong password, so the answer's timing tells nothing.
pub fn staff_authenticate(ctx: &Ctx, name: &str, pw: &str) -> Result<Option<Staff>> {
    let account = if staff_name_problem(name).is_none() {
        ctx.store().staff_account(name)?
    } else {
        None
    };
    match account {
        Some(a) if password::verify(pw, &a.password_hash) => Ok(Some(Staff {
            name: a.name,
            role: a.role,
        })),
        Some(_) => Ok(None),
        None => {
            password::verify_nobody(pw);
            Ok(None)
        }
    }
}

/// The account behind a console session, read again on every request: a removed account or
/// a changed role takes effect at once. `since` is when the session logged in; a password
/// changed after it ends the session.
pub fn staff_current(ctx: &Ctx, name: &str, since: DateTime<Utc>) -> Result<Option<Staff>> {
    Ok(ctx
        .store()
        .staff_account(name)?
        .filter(|a| a.password_changed <= since)
        .map(|a| Staff {
            name: a.name,
            role: a.role,
        }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2027-01-05T09:00:00+09:00")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn accounts_are_added_checked_changed_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let ctx = Ctx::open(dir.path(), "test").unwrap();
        let a = staff_add(
            &ctx,
            "佐藤 花子",
            Role::Coordinator,
            "やまびこ通り2番地の窓口",
            now(),
        )
        .unwrap();
        assert!(a.password_hash.starts_with("$argon2id$"));
        assert!(matches!(
            staff_add(&ctx, "佐藤 花子", Role::Viewer, "0123456789", now()),
            Err(Error::Refusal(Refusal::StaffExists { .. }))
        ));
        assert!(matches!(
            staff_add(&ctx, "鈴木", Role::Viewer, "short", now()),
            Err(Error::Refusal(Refusal::WeakPassword { min: 10 }))
        ));
        assert!(matches!(
            staff_add(&ctx, "", Role::Viewer, "0123456789", now()),
            Err(Error::Refusal(Refusal::BadStaffName { .. }))
        ));
        let ok = staff_authenticate(&ctx, "佐藤 花子", "やまびこ通り2番地の窓口").unwrap();
        assert_eq!(ok.map(|s| s.role), Some(Role::Coordinator));
        assert_eq!(
            staff_authenticate(&ctx, "佐藤 花子", "wrong password").unwrap(),
            None
        );
        assert_eq!(
            staff_authenticate(&ctx, "nobody", "やまびこ通り2番地の窓口").unwrap(),
            None
        );

        let later = now() + chrono::Duration::hours(1);
        staff_passwd(
            &ctx,
            "佐藤 花子",
            "new password 2027",
            Some(Role::Viewer),
            later,
        )
        .unwrap();
        assert_eq!(
            staff_authenticate(&ctx, "佐藤 花子", "やまびこ通り2番地の窓口").unwrap(),
            None
        );
        let s = staff_authenticate(&ctx, "佐藤 花子", "new password 2027").unwrap();
        assert_eq!(s.map(|s| s.role), Some(Role::Viewer));
        // A session from before the password change is over; one from after goes on.
        assert_eq!(staff_current(&ctx, "佐藤 花子", now()).unwrap(), None);
        assert!(staff_current(&ctx, "佐藤 花子", later).unwrap().is_some());

        staff_remove(&ctx, "佐藤 花子").unwrap();
        assert!(staff_list(&ctx).unwrap().is_empty());
        assert!(matches!(
            staff_remove(&ctx, "佐藤 花子"),
            Err(Error::Refusal(Refusal::UnknownStaff { .. }))
        ));
    }
}
