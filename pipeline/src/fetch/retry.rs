//! When to try a request again, and how long to wait first.
//!
//! Exponential backoff with jitter (so that many clients failing together do not retry
//! together), and the server's own `Retry-After` (seconds or an HTTP date) when it gives one.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

/// The wait before retry number `retry` (1 for the first retry): `base · 2^(retry-1)`, capped
/// at `cap`, then drawn uniformly from its upper half so that waits never collapse to zero.
pub fn backoff(retry: u32, base: Duration, cap: Duration) -> Duration {
    let exponent = retry.saturating_sub(1).min(20);
    let full = base.saturating_mul(1u32 << exponent).min(cap);
    let half = full / 2;
    half + full.saturating_sub(half).mul_f64(random_fraction())
}

/// A number in [0, 1). Jitter needs no cryptographic quality: std's randomly keyed hasher is
/// enough and spares a dependency.
fn random_fraction() -> f64 {
    let mut hasher = RandomState::new().build_hasher();
    hasher.write_u128(
        SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0),
    );
    (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// The wait a `Retry-After` header asks for: delay-seconds or an HTTP date (a date in the past
/// means "now"). None when the value is neither.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_jitter_and_is_capped() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(1);
        for _ in 0..50 {
            let first = backoff(1, base, cap);
            assert!(first >= Duration::from_millis(50) && first <= base);
            let third = backoff(3, base, cap);
            assert!(third >= Duration::from_millis(200) && third <= Duration::from_millis(400));
            let tenth = backoff(10, base, cap);
            assert!(tenth >= Duration::from_millis(500) && tenth <= cap);
        }
        assert!(backoff(u32::MAX, base, cap) <= cap);
    }

    #[test]
    fn retry_after_in_seconds_and_as_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480);
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        // 1445412480 is Wed, 21 Oct 2015 07:28:00 GMT.
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }
}
