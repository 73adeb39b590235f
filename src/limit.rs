//! Per-client limit on failed requests: feed requests (wrong secrets, unknown feeds, malformed
//! feed paths: every 404 under `/feeds/`) in `server`, failed logins in `console`. A module of
//! its own so both use it without depending on each other.
//!
//! A client that makes [`FailureLimit::max_failures`] failed feed requests within
//! [`FailureLimit::window`] is blocked for [`FailureLimit::block_for`]: **every** feed
//! request from it then gets `429 Too Many Requests` with `Retry-After`, valid secrets
//! included, and no secret is compared while it is blocked. Answering 429 only to further
//! failures would tell a prober which guesses were right. `/healthz` is never limited.
//!
//! Memory is bounded: the table holds at most [`FailureLimit::max_clients`] clients. When it
//! is full, entries whose window and block have passed are dropped first; if that is not
//! enough, the least recently failing unblocked clients go, and blocked ones only after
//! them. A flood from very many addresses can therefore push a blocked client out early; it
//! then starts from zero again.
//!
//! Clients are keyed by IPv4 address, and by /64 prefix for IPv6 (one subscriber line
//! usually owns a whole /64). IPv4-mapped IPv6 addresses count as IPv4.
//!
//! Loopback clients are exempt by default ([`FailureLimit::exempt_loopback`]): on loopback
//! the peer is either a local tool or a reverse proxy on the same host, and limiting the
//! proxy's address would let one prober block every subscriber. Behind such a proxy, set
//! `ServerOptions::client_ip_header` so that real client addresses are limited.

use std::collections::HashMap;
use std::fmt;
use std::net::{IpAddr, Ipv6Addr};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Limits on failed feed requests per client; see the module documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailureLimit {
    /// Failed feed requests allowed within [`FailureLimit::window`]; the one that reaches
    /// this number starts the block. 0 disables the limit.
    pub max_failures: u32,
    /// The counting window. It starts at a client's first failure and restarts at the first
    /// failure after it has passed (a fixed window per client).
    pub window: Duration,
    /// How long a blocked client gets 429 for every feed request.
    pub block_for: Duration,
    /// Most clients tracked at once (about 100 bytes each).
    pub max_clients: usize,
    /// Never limit loopback clients (127.0.0.0/8, ::1).
    pub exempt_loopback: bool,
}

impl Default for FailureLimit {
    /// 20 failures a minute, then a one-minute block; 10,000 clients tracked (about 1 MB);
    /// loopback exempt.
    fn default() -> Self {
        FailureLimit {
            max_failures: 20,
            window: Duration::from_secs(60),
            block_for: Duration::from_secs(60),
            max_clients: 10_000,
            exempt_loopback: true,
        }
    }
}

/// Who a request counts against: an IPv4 address, or an IPv6 /64 prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ClientKey(IpAddr);

impl ClientKey {
    pub fn new(ip: IpAddr) -> ClientKey {
        match ip {
            IpAddr::V4(v4) => ClientKey(IpAddr::V4(v4)),
            IpAddr::V6(v6) if v6.is_loopback() => ClientKey(IpAddr::V6(v6)),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => ClientKey(IpAddr::V4(v4)),
                None => {
                    let masked = u128::from(v6) & !((1u128 << 64) - 1);
                    ClientKey(IpAddr::V6(Ipv6Addr::from(masked)))
                }
            },
        }
    }
}

impl ClientKey {
    pub fn is_loopback(&self) -> bool {
        self.0.is_loopback()
    }
}

impl fmt::Display for ClientKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            IpAddr::V4(v4) => write!(f, "{v4}"),
            IpAddr::V6(v6) if v6.is_loopback() => write!(f, "{v6}"),
            IpAddr::V6(v6) => write!(f, "{v6}/64"),
        }
    }
}

#[derive(Debug, Clone, Copy)]
struct Record {
    window_start: Instant,
    failures: u32,
    blocked_until: Option<Instant>,
    last_failure: Instant,
}

impl Record {
    fn blocked_at(&self, now: Instant) -> bool {
        self.blocked_until.is_some_and(|t| t > now)
    }

    /// Still carries information: blocked, or inside a window that has not passed.
    fn live_at(&self, now: Instant, window: Duration) -> bool {
        self.blocked_at(now) || now.saturating_duration_since(self.window_start) < window
    }
}

/// The table of recent failures; cheap when nobody has failed (one atomic load).
#[derive(Debug)]
pub struct FailureLimiter {
    limit: FailureLimit,
    table: Mutex<HashMap<ClientKey, Record>>,
    /// Entries in `table`, readable without the lock.
    len: AtomicUsize,
}

impl FailureLimiter {
    pub fn new(limit: FailureLimit) -> FailureLimiter {
        FailureLimiter {
            limit,
            table: Mutex::new(HashMap::new()),
            len: AtomicUsize::new(0),
        }
    }

    pub fn limit(&self) -> &FailureLimit {
        &self.limit
    }

    fn applies_to(&self, client: ClientKey) -> bool {
        self.limit.max_failures > 0
            && self.limit.max_clients > 0
            && !(self.limit.exempt_loopback && client.is_loopback())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<ClientKey, Record>> {
        // The table holds plain counters; a panic elsewhere cannot leave it inconsistent.
        self.table.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Clients currently tracked.
    pub fn len(&self) -> usize {
        self.len.load(Ordering::Relaxed)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// How long `client` stays blocked, or `None` if it may be served.
    pub fn blocked(&self, client: ClientKey, now: Instant) -> Option<Duration> {
        if self.is_empty() || !self.applies_to(client) {
            return None;
        }
        let mut table = self.lock();
        let rec = table.get(&client)?;
        match rec.blocked_until {
            Some(until) if until > now => Some(until - now),
            Some(_) => {
                // The block has been served: start from zero.
                table.remove(&client);
                self.len.store(table.len(), Ordering::Relaxed);
                None
            }
            None => None,
        }
    }

    /// Counts one failed feed request; returns the block length when this failure starts a
    /// block (so the caller logs it once).
    pub fn record_failure(&self, client: ClientKey, now: Instant) -> Option<Duration> {
        if !self.applies_to(client) {
            return None;
        }
        let mut table = self.lock();
        if !table.contains_key(&client) && table.len() >= self.limit.max_clients {
            self.make_room(&mut table, now);
        }
        let rec = table.entry(client).or_insert(Record {
            window_start: now,
            failures: 0,
            blocked_until: None,
            last_failure: now,
        });
        let started = if rec.blocked_at(now) {
            // Already blocked (a request that was let through just before the block): the
            // block is not extended, so a client behind a shared address is not locked out
            // for ever by a neighbour that keeps trying.
            None
        } else {
            if rec.blocked_until.is_some()
                || now.saturating_duration_since(rec.window_start) >= self.limit.window
            {
                rec.window_start = now;
                rec.failures = 0;
                rec.blocked_until = None;
            }
            rec.failures = rec.failures.saturating_add(1);
            if rec.failures >= self.limit.max_failures {
                rec.blocked_until = Some(now + self.limit.block_for);
                Some(self.limit.block_for)
            } else {
                None
            }
        };
        rec.last_failure = now;
        self.len.store(table.len(), Ordering::Relaxed);
        started
    }

    /// Drops passed entries; if the table is still full, evicts a sixteenth of it (at least
    /// one), unblocked clients first, least recently failing first. Evicting in batches keeps
    /// the cost per new client constant on average during a flood from many addresses.
    fn make_room(&self, table: &mut HashMap<ClientKey, Record>, now: Instant) {
        let window = self.limit.window;
        table.retain(|_, r| r.live_at(now, window));
        if table.len() < self.limit.max_clients {
            return;
        }
        let excess = table.len() + 1 - self.limit.max_clients;
        let evict = excess.max(self.limit.max_clients / 16).min(table.len());
        let mut order: Vec<((bool, Instant), ClientKey)> = table
            .iter()
            .map(|(k, r)| ((r.blocked_at(now), r.last_failure), *k))
            .collect();
        if evict < order.len() {
            order.select_nth_unstable_by_key(evict, |(o, _)| *o);
        }
        for (_, k) in order.into_iter().take(evict) {
            table.remove(&k);
        }
    }
}

/// The `Retry-After` value for a remaining block: whole seconds, rounded up, at least 1.
pub fn retry_after_secs(remaining: Duration) -> u64 {
    let s = remaining.as_secs() + u64::from(remaining.subsec_nanos() > 0);
    s.max(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::{Ipv4Addr, Ipv6Addr};

    fn v4(a: u8, b: u8, c: u8, d: u8) -> ClientKey {
        ClientKey::new(IpAddr::V4(Ipv4Addr::new(a, b, c, d)))
    }

    fn limiter(max_failures: u32, max_clients: usize) -> FailureLimiter {
        FailureLimiter::new(FailureLimit {
            max_failures,
            window: Duration::from_secs(60),
            block_for: Duration::from_secs(30),
            max_clients,
            exempt_loopback: true,
        })
    }

    #[test]
    fn blocks_after_the_limit_and_only_that_client() {
        let l = limiter(3, 100);
        let t0 = Instant::now();
        let (a, b) = (v4(192, 0, 2, 1), v4(192, 0, 2, 2));
        assert_eq!(l.blocked(a, t0), None);
        assert_eq!(l.record_failure(a, t0), None);
        assert_eq!(l.record_failure(a, t0 + Duration::from_secs(1)), None);
        assert_eq!(l.blocked(a, t0 + Duration::from_secs(2)), None);
        let s = t0 + Duration::from_secs(2);
        assert_eq!(l.record_failure(a, s), Some(Duration::from_secs(30)));
        assert_eq!(
            l.blocked(a, s + Duration::from_secs(10)),
            Some(Duration::from_secs(20))
        );
        assert_eq!(l.blocked(b, s), None, "another client is not affected");
        // Failures while blocked do not extend the block.
        assert_eq!(l.record_failure(a, s + Duration::from_secs(5)), None);
        assert_eq!(
            l.blocked(a, s + Duration::from_secs(29)),
            Some(Duration::from_secs(1))
        );
        // After the block, the client starts from zero.
        assert_eq!(l.blocked(a, s + Duration::from_secs(30)), None);
        assert!(l.is_empty());
        assert_eq!(l.record_failure(a, s + Duration::from_secs(31)), None);
        assert_eq!(l.blocked(a, s + Duration::from_secs(31)), None);
    }

    #[test]
    fn the_window_restarts() {
        let l = limiter(3, 100);
        let t0 = Instant::now();
        let a = v4(198, 51, 100, 7);
        l.record_failure(a, t0);
        l.record_failure(a, t0 + Duration::from_secs(59));
        // The window has passed: this is failure 1 of a new window, not 3.
        assert_eq!(l.record_failure(a, t0 + Duration::from_secs(60)), None);
        assert_eq!(l.record_failure(a, t0 + Duration::from_secs(61)), None);
        assert!(l.record_failure(a, t0 + Duration::from_secs(62)).is_some());
    }

    #[test]
    fn disabled_limits_track_nothing() {
        let t0 = Instant::now();
        for l in [limiter(0, 100), limiter(1, 0)] {
            for _ in 0..10 {
                assert_eq!(l.record_failure(v4(10, 0, 0, 1), t0), None);
            }
            assert_eq!(l.blocked(v4(10, 0, 0, 1), t0), None);
            assert!(l.is_empty());
        }
    }

    #[test]
    fn the_table_stays_bounded_and_keeps_blocked_clients_longest() {
        let cap = 100;
        let l = limiter(2, cap);
        let t0 = Instant::now();
        // Five clients blocked first, so they are the oldest entries.
        let blocked: Vec<_> = (0..5).map(|i| v4(203, 0, 113, i)).collect();
        for &c in &blocked {
            l.record_failure(c, t0);
            assert!(l.record_failure(c, t0).is_some());
        }
        // Then 50,000 distinct addresses fail once each, half a millisecond apart (all
        // within the 30 s block).
        for i in 0..50_000u32 {
            let [_, b, c, d] = i.to_be_bytes();
            let now = t0 + Duration::from_micros(u64::from(i) * 500);
            l.record_failure(v4(10, b, c, d), now);
            assert!(l.len() <= cap, "{} entries", l.len());
        }
        let now = t0 + Duration::from_secs(25);
        for &c in &blocked {
            assert!(
                l.blocked(c, now).is_some(),
                "blocked client evicted before unblocked ones"
            );
        }
        // The most recent unblocked client is still counted.
        let [_, b, c, d] = 49_999u32.to_be_bytes();
        assert!(l.record_failure(v4(10, b, c, d), now).is_some());
    }

    #[test]
    fn a_full_table_of_blocked_clients_still_admits_new_ones() {
        let l = limiter(1, 10);
        let t0 = Instant::now();
        for i in 0..50u8 {
            assert!(l.record_failure(v4(10, 0, 0, i), t0).is_some());
            assert!(l.len() <= 10);
        }
        assert!(l.blocked(v4(10, 0, 0, 49), t0).is_some());
    }

    #[test]
    fn expired_entries_make_room_first() {
        let l = limiter(5, 10);
        let t0 = Instant::now();
        for i in 0..10u8 {
            l.record_failure(v4(10, 0, 0, i), t0);
        }
        assert_eq!(l.len(), 10);
        // Everything has expired two minutes later: one new client, one entry.
        l.record_failure(v4(10, 0, 1, 0), t0 + Duration::from_secs(120));
        assert_eq!(l.len(), 1);
    }

    #[test]
    fn ipv6_counts_per_64_and_mapped_ipv4_as_ipv4() {
        let a: Ipv6Addr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: Ipv6Addr = "2001:db8:1:2:ffff:ffff:ffff:ffff".parse().unwrap();
        let c: Ipv6Addr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(ClientKey::new(a.into()), ClientKey::new(b.into()));
        assert_ne!(ClientKey::new(a.into()), ClientKey::new(c.into()));
        assert_eq!(ClientKey::new(a.into()).to_string(), "2001:db8:1:2::/64");
        let mapped: Ipv6Addr = "::ffff:192.0.2.9".parse().unwrap();
        assert_eq!(ClientKey::new(mapped.into()), v4(192, 0, 2, 9));
        assert_eq!(v4(192, 0, 2, 9).to_string(), "192.0.2.9");
        // Synthetic IPv6 clients through the limiter: one /64 is one client.
        let l = limiter(2, 100);
        let t0 = Instant::now();
        l.record_failure(ClientKey::new(a.into()), t0);
        assert!(l.record_failure(ClientKey::new(b.into()), t0).is_some());
        assert!(l.blocked(ClientKey::new(c.into()), t0).is_none());
    }

    #[test]
    fn loopback_is_exempt_unless_asked() {
        let t0 = Instant::now();
        let lo4 = v4(127, 0, 0, 1);
        let lo6 = ClientKey::new(Ipv6Addr::LOCALHOST.into());
        assert!(lo4.is_loopback() && lo6.is_loopback());
        assert_eq!(lo6.to_string(), "::1");
        assert!(!ClientKey::new("::2".parse().unwrap()).is_loopback());
        let exempt = limiter(1, 10);
        for c in [lo4, lo6] {
            assert_eq!(exempt.record_failure(c, t0), None);
            assert_eq!(exempt.blocked(c, t0), None);
        }
        assert!(exempt.is_empty());
        let strict = FailureLimiter::new(FailureLimit {
            exempt_loopback: false,
            ..exempt.limit().clone()
        });
        for c in [lo4, lo6] {
            assert!(strict.record_failure(c, t0).is_some());
            assert!(strict.blocked(c, t0).is_some());
        }
    }

    #[test]
    fn retry_after_rounds_up() {
        assert_eq!(retry_after_secs(Duration::from_millis(1)), 1);
        assert_eq!(retry_after_secs(Duration::ZERO), 1);
        assert_eq!(retry_after_secs(Duration::from_millis(59_001)), 60);
        assert_eq!(retry_after_secs(Duration::from_secs(60)), 60);
    }
}
