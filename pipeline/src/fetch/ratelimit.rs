//! A per-host rate limit shared by every thread of a run.
//!
//! Documents are fetched in parallel (rayon), but a municipal web server should see Referat as
//! one polite client: at most one request per `interval` per host, whatever the number of
//! threads. Each caller reserves the next free slot for its host under a lock and then sleeps
//! outside it, so waiting threads queue up in order instead of all firing when a slot opens.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct HostRateLimiter {
    /// The shortest time between two requests to one host; zero means no limit.
    interval: Duration,
    next_allowed: Mutex<HashMap<String, Instant>>,
}

impl HostRateLimiter {
    /// A limiter allowing `requests_per_second` per host (0 or less, or not finite: no limit).
    pub fn new(requests_per_second: f64) -> Self {
        let interval = if requests_per_second.is_finite() && requests_per_second > 0.0 {
            Duration::from_secs_f64(1.0 / requests_per_second)
        } else {
            Duration::ZERO
        };
        HostRateLimiter {
            interval,
            next_allowed: Mutex::new(HashMap::new()),
        }
    }

    /// How long the caller must wait before its request to `host`; reserves that slot.
    pub fn reserve(&self, host: &str) -> Duration {
        if self.interval.is_zero() {
            return Duration::ZERO;
        }
        let now = Instant::now();
        // A poisoned lock only means another thread panicked while holding it; the map itself
        // is always consistent (one insert), so keep using it.
        let mut next = self
            .next_allowed
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let slot = next.get(host).copied().filter(|t| *t > now).unwrap_or(now);
        next.insert(host.to_string(), slot + self.interval);
        slot - now
    }

    /// Wait until a request to `host` is allowed.
    pub fn wait(&self, host: &str) {
        let wait = self.reserve(host);
        if !wait.is_zero() {
            std::thread::sleep(wait);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_request_to_a_host_waits_one_interval_other_hosts_do_not() {
        let limiter = HostRateLimiter::new(2.0);
        assert_eq!(limiter.reserve("a.example"), Duration::ZERO);
        let second = limiter.reserve("a.example");
        assert!(second > Duration::from_millis(450) && second <= Duration::from_millis(500));
        let third = limiter.reserve("a.example");
        assert!(third > Duration::from_millis(950) && third <= Duration::from_millis(1000));
        assert_eq!(limiter.reserve("b.example"), Duration::ZERO);
    }

    #[test]
    fn zero_rate_means_no_limit() {
        let limiter = HostRateLimiter::new(0.0);
        assert_eq!(limiter.reserve("a"), Duration::ZERO);
        assert_eq!(limiter.reserve("a"), Duration::ZERO);
    }
}
