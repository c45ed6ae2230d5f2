//! Queueing formulas the simulator is checked against: Erlang B, Erlang C (M/M/n) and
//! Erlang A (Palm's M/M/n+M, exponential patience). Rates and times share one unit of the
//! caller's choice (the CLI uses minutes).
//!
//! Erlang A's mean wait here is the mean over **all** arrivals, an abandoning customer counting
//! the time until they left (`E[Lq] / λ` by Little's law). The simulator measures exactly that:
//! each conversation's wait ends when an agent takes it or the customer gives up.

/// Erlang B: the probability that all `n` servers are busy in M/M/n/n with offered load `a`
/// (in erlangs), by the numerically stable recursion `B(k) = a·B(k-1) / (k + a·B(k-1))`.
pub fn erlang_b(n: u32, a: f64) -> f64 {
    let mut b = 1.0;
    for k in 1..=n {
        b = a * b / (f64::from(k) + a * b);
    }
    b
}

/// Erlang C: the probability that an arrival waits in M/M/n with offered load `a < n`;
/// `None` when the queue is unstable (`a >= n`) or the inputs are not finite and positive.
pub fn erlang_c(n: u32, a: f64) -> Option<f64> {
    if n == 0 || !(a.is_finite() && a > 0.0) || a >= f64::from(n) {
        return None;
    }
    let b = erlang_b(n, a);
    let n = f64::from(n);
    Some(n * b / (n - a * (1.0 - b)))
}

/// The M/M/n results for arrival rate `lambda`, mean handle time `mean_handle` and `n` servers.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangC {
    /// Probability that an arrival waits at all.
    pub p_wait: f64,
    /// Mean wait in queue.
    pub mean_wait: f64,
    /// Server utilisation, `λ·h / n`.
    pub utilisation: f64,
}

/// Erlang C for `n` servers; `None` when unstable or inputs are out of range.
pub fn erlang_c_wait(n: u32, lambda: f64, mean_handle: f64) -> Option<ErlangC> {
    if !(lambda.is_finite() && lambda > 0.0 && mean_handle.is_finite() && mean_handle > 0.0) {
        return None;
    }
    let a = lambda * mean_handle;
    let p_wait = erlang_c(n, a)?;
    let mu = 1.0 / mean_handle;
    Some(ErlangC {
        p_wait,
        mean_wait: p_wait / (f64::from(n) * mu - lambda),
        utilisation: a / f64::from(n),
    })
}

/// The M/M/n+M (Erlang A) results.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ErlangA {
    /// Probability that an arrival finds every server busy and has to wait.
    pub p_wait: f64,
    /// Mean wait over all arrivals (abandoning ones count until they leave).
    pub mean_wait: f64,
    /// Fraction of arrivals that abandon.
    pub abandonment_rate: f64,
    /// Mean number waiting.
    pub mean_queue: f64,
    /// Server utilisation (served load over `n`).
    pub utilisation: f64,
}

/// Erlang A for `n` servers, arrival rate `lambda`, mean handle time `mean_handle` and mean
/// patience `mean_patience` (exponential). Stable at any load. `None` for inputs out of range.
///
/// The chain's states above `n` have ratios `λ / (n·μ + j·θ)`; states up to `n` are summed
/// through Erlang B so that large `n` neither overflows nor underflows.
pub fn erlang_a(n: u32, lambda: f64, mean_handle: f64, mean_patience: f64) -> Option<ErlangA> {
    let positive = |x: f64| x.is_finite() && x > 0.0;
    if n == 0 || !positive(lambda) || !positive(mean_handle) || !positive(mean_patience) {
        return None;
    }
    let mu = 1.0 / mean_handle;
    let theta = 1.0 / mean_patience;
    let a = lambda * mean_handle;
    let b = erlang_b(n, a);
    // With pi_n = 1: the states 0..=n sum to 1 / B; the tail is the sum of the ratios r_j.
    let nmu = f64::from(n) * mu;
    let (mut r, mut tail, mut queue) = (1.0f64, 0.0f64, 0.0f64);
    let mut j = 1u32;
    loop {
        r *= lambda / (nmu + f64::from(j) * theta);
        tail += r;
        queue += f64::from(j) * r;
        // Past the point where the ratios fall below 1 the terms shrink geometrically.
        if r < 1e-17 * (tail + 1.0) && nmu + f64::from(j) * theta > lambda {
            break;
        }
        j += 1;
        if j > 10_000_000 || !tail.is_finite() {
            return None;
        }
    }
    let z = 1.0 / b + tail;
    let mean_queue = queue / z;
    let abandonment_rate = theta * mean_queue / lambda;
    Some(ErlangA {
        p_wait: (1.0 + tail) / z,
        mean_wait: mean_queue / lambda,
        abandonment_rate,
        mean_queue,
        utilisation: lambda * (1.0 - abandonment_rate) * mean_handle / f64::from(n),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erlang_b_known_values() {
        // Classic table: 10 erlangs on 10 trunks blocks 21.46%; 1 erlang on 1 trunk blocks 50%.
        assert!((erlang_b(10, 10.0) - 0.2146).abs() < 1e-4);
        assert!((erlang_b(1, 1.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn erlang_c_matches_mm1_and_a_textbook_case() {
        // M/M/1: P(wait) = rho, Wq = rho / (mu - lambda).
        let r = erlang_c_wait(1, 0.8, 1.0).unwrap();
        assert!((r.p_wait - 0.8).abs() < 1e-12);
        assert!((r.mean_wait - 4.0).abs() < 1e-9);
        // 100 calls/hour, 3 minutes each (5 erlangs), 7 agents: the closed-form sum
        // (a^n/n! · n/(n-a)) / (Σ_{k<n} a^k/k! + a^n/n! · n/(n-a)) gives 0.324150.
        let r = erlang_c_wait(7, 100.0 / 60.0, 3.0).unwrap();
        assert!((r.p_wait - 0.324150).abs() < 1e-6, "{}", r.p_wait);
        // M/M/2 at one erlang: P(wait) = 1/3.
        assert!((erlang_c(2, 1.0).unwrap() - 1.0 / 3.0).abs() < 1e-12);
        assert!((r.mean_wait - r.p_wait * 3.0 / 2.0).abs() < 1e-12);
        assert!(erlang_c_wait(5, 1.0, 5.0).is_none(), "a = n is unstable");
        assert!(erlang_c_wait(5, -1.0, 1.0).is_none());
    }

    #[test]
    fn erlang_a_tends_to_erlang_c_with_infinite_patience() {
        let c = erlang_c_wait(10, 9.0, 1.0).unwrap();
        let a = erlang_a(10, 9.0, 1.0, 1e9).unwrap();
        assert!((a.mean_wait - c.mean_wait).abs() / c.mean_wait < 1e-6);
        assert!(a.abandonment_rate < 1e-6);
    }

    #[test]
    fn erlang_a_m_m_1_plus_m_closed_form() {
        // With mu = theta the waiting part behaves like M/M/infinity shifted: for n = 1 and
        // mu = theta = 1, pi_k is Poisson(lambda) over k >= 0, so E[Lq] = lambda - 1 + e^-lambda.
        let lambda = 2.0;
        let a = erlang_a(1, lambda, 1.0, 1.0).unwrap();
        let lq = lambda - 1.0 + (-lambda).exp();
        assert!((a.mean_queue - lq).abs() < 1e-9, "{} vs {lq}", a.mean_queue);
        assert!((a.abandonment_rate - lq / lambda).abs() < 1e-9);
        // Stable even when overloaded, and large n does not overflow.
        let big = erlang_a(2000, 2200.0, 1.0, 0.5).unwrap();
        assert!(big.abandonment_rate > 0.05 && big.abandonment_rate < 0.2);
        assert!(erlang_a(0, 1.0, 1.0, 1.0).is_none());
    }
}
