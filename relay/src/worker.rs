//! The delivery loop: claims due packages (up to the configured concurrency), runs one attempt
//! each, and records the outcome with exponential backoff and jitter. A 429's `Retry-After`
//! replaces the backoff. Delivered packages are never claimed again (the store only claims
//! `queued` rows), and an attempt that may have reached the helpdesk leaves the package flagged
//! so the next attempt looks it up first.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Notify, Semaphore};

use crate::config::{Delivery, Destination};
use crate::deliver::{attempt, client, Attempt};
use crate::now_ms;
use crate::store::{Job, Outcome, Store};

/// The delay before attempt `attempts + 1`: `base * 2^(attempts-1)` capped at `max`, with
/// "equal jitter" (half fixed, half random) so retries of a burst spread out.
pub fn backoff_ms(attempts: i64, cfg: &Delivery) -> u64 {
    let exp = (attempts.max(1) - 1).min(30) as u32;
    let ceiling = cfg
        .backoff_base_ms
        .saturating_mul(1u64 << exp)
        .min(cfg.backoff_max_ms)
        .max(1);
    ceiling / 2 + fastrand::u64(0..=ceiling / 2)
}

/// Turns an attempt into the stored outcome.
pub fn outcome(job: &Job, result: Attempt, cfg: &Delivery) -> Outcome {
    match result {
        Attempt::Delivered(remote_id) => Outcome::Delivered { remote_id },
        Attempt::Failed(error) => Outcome::Failed { error },
        Attempt::Retry { error, .. } if job.attempts >= i64::from(cfg.max_attempts) => {
            Outcome::Failed {
                error: format!("gave up after {} attempts: {error}", job.attempts),
            }
        }
        Attempt::Retry {
            error,
            maybe_sent,
            retry_after_ms,
        } => {
            let delay = match retry_after_ms {
                Some(ms) => ms.min(cfg.backoff_max_ms),
                None => backoff_ms(job.attempts, cfg),
            };
            Outcome::Retry {
                error,
                at: now_ms() + delay as i64,
                maybe_sent,
            }
        }
    }
}

/// Runs the delivery loop forever. `wake` is notified when a package is accepted.
pub async fn run(store: Store, dest: Arc<Destination>, cfg: Delivery, wake: Arc<Notify>) {
    if matches!(*dest, Destination::Inbox) {
        return;
    }
    let http = client(&cfg);
    let slots = Arc::new(Semaphore::new(cfg.concurrency));
    loop {
        let free = slots.available_permits();
        let mut claimed = 0;
        if free > 0 {
            match store.claim(free).await {
                Ok(jobs) => {
                    claimed = jobs.len();
                    for job in jobs {
                        let Ok(permit) = slots.clone().acquire_owned().await else {
                            return;
                        };
                        let (store, dest, http, cfg, wake) = (
                            store.clone(),
                            dest.clone(),
                            http.clone(),
                            cfg.clone(),
                            wake.clone(),
                        );
                        tokio::spawn(async move {
                            let result = attempt(&job, &dest, &http, &store).await;
                            if let Attempt::Retry { error, .. } | Attempt::Failed(error) = &result {
                                eprintln!(
                                    "handoff-relay: delivery of {} (attempt {}): {error}",
                                    job.id, job.attempts
                                );
                            }
                            let outcome = outcome(&job, result, &cfg);
                            if let Err(e) = store.finish(job.id.clone(), outcome).await {
                                eprintln!("handoff-relay: recording delivery of {}: {e}", job.id);
                            }
                            drop(permit);
                            wake.notify_one();
                        });
                    }
                }
                Err(e) => {
                    eprintln!("handoff-relay: claiming deliveries: {e}");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
        if claimed == free && free > 0 {
            // Every slot was filled: more may be due at once.
            tokio::task::yield_now().await;
            continue;
        }
        let wait = match store.next_due().await {
            Ok(Some(at)) => (at - now_ms()).clamp(5, 1_000) as u64,
            _ => 1_000,
        };
        tokio::select! {
            _ = wake.notified() => {}
            _ = tokio::time::sleep(Duration::from_millis(wait)) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        let cfg = Delivery {
            backoff_base_ms: 100,
            backoff_max_ms: 1_000,
            ..Delivery::default()
        };
        for _ in 0..50 {
            assert!((50..=100).contains(&backoff_ms(1, &cfg)));
            assert!((200..=400).contains(&backoff_ms(3, &cfg)));
            assert!((500..=1_000).contains(&backoff_ms(40, &cfg)));
        }
    }

    #[test]
    fn retry_after_wins_and_attempts_run_out() {
        let cfg = Delivery {
            max_attempts: 3,
            backoff_max_ms: 60_000,
            ..Delivery::default()
        };
        let job = Job {
            id: "a".into(),
            package: "{}".into(),
            attempts: 1,
            check_first: false,
            progress: 0,
            remote_id: None,
            conversation: None,
            received_at: 0,
        };
        let before = now_ms();
        match outcome(
            &job,
            Attempt::Retry {
                error: "429".into(),
                maybe_sent: false,
                retry_after_ms: Some(30_000),
            },
            &cfg,
        ) {
            Outcome::Retry { at, maybe_sent, .. } => {
                assert!(!maybe_sent);
                assert!(at - before >= 30_000 && at - before < 31_000);
            }
            other => panic!("{other:?}"),
        }
        let last = Job { attempts: 3, ..job };
        assert!(matches!(
            outcome(
                &last,
                Attempt::Retry {
                    error: "x".into(),
                    maybe_sent: true,
                    retry_after_ms: None
                },
                &cfg
            ),
            Outcome::Failed { .. }
        ));
    }
}
