//! The retry schedule shared by every sender (the browser outbox, the relay's worker):
//! exponential backoff with full jitter, capped, and a server's `Retry-After` taking precedence.
//! Pure: the caller supplies the random draw and applies the delay with its own clock.

/// First retry after about this long.
pub const BASE_MS: u64 = 1_000;
/// Never wait longer than this between attempts.
pub const CAP_MS: u64 = 5 * 60 * 1_000;

/// The delay before attempt `attempt + 1` after `attempt` failures (1 after the first
/// failure), given a uniform draw `unit` in [0, 1). Full jitter: uniform in
/// [ceiling/2, ceiling] where the ceiling doubles per attempt up to [`CAP_MS`]. A
/// `retry_after_ms` from the server wins when it is longer.
pub fn delay_ms(attempt: u32, unit: f64, retry_after_ms: Option<u64>) -> u64 {
    let exp = attempt.saturating_sub(1).min(20);
    let ceiling = BASE_MS.saturating_mul(1u64 << exp).min(CAP_MS);
    let unit = if unit.is_finite() {
        unit.clamp(0.0, 1.0)
    } else {
        0.5
    };
    let jittered = ceiling / 2 + ((ceiling / 2) as f64 * unit) as u64;
    match retry_after_ms {
        Some(server) if server > jittered => server.min(CAP_MS * 12),
        _ => jittered,
    }
}

/// Whether an HTTP status means "try again later" (the request may succeed unchanged), as
/// opposed to a permanent rejection.
pub fn is_retryable(status: u16) -> bool {
    matches!(status, 408 | 425 | 429) || status >= 500
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        assert_eq!(delay_ms(1, 0.0, None), 500);
        assert_eq!(delay_ms(1, 1.0, None), 1_000);
        assert_eq!(delay_ms(3, 0.0, None), 2_000);
        assert_eq!(delay_ms(3, 1.0, None), 4_000);
        assert_eq!(delay_ms(40, 1.0, None), CAP_MS);
        assert_eq!(delay_ms(2, f64::NAN, None), 1_500);
        for attempt in 1..30 {
            let d = delay_ms(attempt, 0.73, None);
            assert!((BASE_MS / 2..=CAP_MS).contains(&d), "{attempt}: {d}");
        }
    }

    #[test]
    fn retry_after_wins_when_longer() {
        assert_eq!(delay_ms(1, 0.5, Some(30_000)), 30_000);
        assert_eq!(delay_ms(8, 1.0, Some(10)), 128_000);
    }

    #[test]
    fn retryable_statuses() {
        for s in [408, 425, 429, 500, 502, 503, 504] {
            assert!(is_retryable(s), "{s}");
        }
        for s in [200, 202, 400, 401, 403, 404, 409, 413, 422] {
            assert!(!is_retryable(s), "{s}");
        }
    }
}
