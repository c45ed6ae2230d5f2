//! The simulation loop. Customers are numbered in arrival order; per customer the loop keeps
//! only flat arrays (arrival time, skill, routing step, outcome, wait) so that a million
//! conversations stay fast and small. Waiting customers sit in one FIFO; an agent who frees up
//! takes the first customer it is eligible for at that customer's current step.

use std::collections::VecDeque;

use super::events::{EventQueue, Kind};
use super::rng::Rng;
use super::stats::{batch_means, quantile, timeline};
use super::{Arrivals, HandleTime, SimConfig, SimReport, Strategy};
use crate::core::decision::Skill;
use crate::core::error::Error;

const WAITING: u8 = 0;
const SERVED_MATCH: u8 = 1;
const SERVED_OTHER: u8 = 2;
const ABANDONED: u8 = 3;
const OFFLINE: u8 = 4;
/// The step index of a customer with no step left.
const EXHAUSTED: u8 = u8::MAX;

/// How often (in arrivals) the progress callback is called.
const PROGRESS_EVERY: usize = 1 << 16;

struct Floor {
    /// Proficiency per agent and skill (`agent * 6 + skill`), 0 when absent.
    prof: Vec<u8>,
    cap: Vec<u32>,
    load: Vec<u32>,
    /// Eligibility per (step, skill, agent): `(step * 6 + skill) * agents + agent`.
    elig: Vec<bool>,
    /// Whether any agent is eligible per (step, skill).
    feasible: Vec<bool>,
    /// Cumulative step deadlines in minutes (infinite for none).
    deadline: Vec<f64>,
    agents: usize,
    rr: usize,
}

impl Floor {
    fn eligible(&self, step: u8, skill: u8, agent: usize) -> bool {
        self.elig[(usize::from(step) * 6 + usize::from(skill)) * self.agents + agent]
    }

    /// The first feasible step at or after `from` for `skill`.
    fn step_from(&self, from: usize, skill: u8) -> u8 {
        (from..self.deadline.len())
            .find(|&s| self.feasible[s * 6 + usize::from(skill)])
            .map_or(EXHAUSTED, |s| s as u8)
    }

    fn pick(&mut self, strategy: Strategy, step: u8, skill: u8) -> Option<usize> {
        let n = self.agents;
        let free = |f: &Floor, a: usize| f.load[a] < f.cap[a] && f.eligible(step, skill, a);
        match strategy {
            Strategy::RoundRobin => {
                let start = self.rr;
                let found = (0..n).map(|k| (start + k) % n).find(|&a| free(self, a))?;
                self.rr = (found + 1) % n;
                Some(found)
            }
            Strategy::LeastLoaded => (0..n).filter(|&a| free(self, a)).min_by(|&a, &b| {
                (u64::from(self.load[a]) * u64::from(self.cap[b]))
                    .cmp(&(u64::from(self.load[b]) * u64::from(self.cap[a])))
            }),
            Strategy::SkillsFirst => (0..n).filter(|&a| free(self, a)).min_by(|&a, &b| {
                let s = usize::from(skill);
                self.prof[b * 6 + s].cmp(&self.prof[a * 6 + s]).then(
                    (u64::from(self.load[a]) * u64::from(self.cap[b]))
                        .cmp(&(u64::from(self.load[b]) * u64::from(self.cap[a]))),
                )
            }),
        }
    }
}

/// A skill's index in `Skill::ALL`, the order of every per-skill array here.
fn skill_index(skill: Skill) -> u8 {
    Skill::ALL.iter().position(|&x| x == skill).unwrap_or(5) as u8
}

fn build_floor(config: &SimConfig) -> Floor {
    let mut prof = Vec::new();
    let mut cap = Vec::new();
    for g in &config.floor.agents {
        for _ in 0..g.count {
            for skill in Skill::ALL {
                prof.push(g.skills.get(&skill).copied().unwrap_or(0));
            }
            cap.push(g.capacity);
        }
    }
    let agents = cap.len();
    let steps = match config.strategy {
        // Skill-blind strategies: one step admitting everyone, forever.
        Strategy::RoundRobin | Strategy::LeastLoaded => Vec::new(),
        Strategy::SkillsFirst => config.floor.steps(),
    };
    let (mut elig, mut feasible, mut deadline) = (Vec::new(), Vec::new(), Vec::new());
    if steps.is_empty() {
        elig = vec![true; 6 * agents];
        feasible = vec![true; 6];
        deadline.push(f64::INFINITY);
    }
    let mut total = 0.0;
    for step in &steps {
        for skill in Skill::ALL {
            let mut any = false;
            for a in 0..agents {
                let ok = match step.skill.resolve(skill) {
                    None => true,
                    Some(req) => {
                        prof[a * 6 + usize::from(skill_index(req))] >= step.min_proficiency
                    }
                };
                elig.push(ok);
                any |= ok;
            }
            feasible.push(any);
        }
        deadline.push(match step.expires_after_seconds {
            Some(e) => {
                total += e / 60.0;
                total
            }
            None => f64::INFINITY,
        });
    }
    Floor {
        prof,
        load: vec![0; agents],
        cap,
        elig,
        feasible,
        deadline,
        agents,
        rr: 0,
    }
}

/// Runs a simulation. `progress` is called with the number of arrivals so far, every 65,536
/// arrivals and once at the end.
pub fn run(config: &SimConfig, progress: &mut dyn FnMut(usize)) -> Result<SimReport, Error> {
    config.validate()?;
    let total = config.total();
    let mut floor = build_floor(config);
    let weights = config.floor.mix_weights();
    let mut cumulative = [0.0; 6];
    let mut acc = 0.0;
    for (c, w) in cumulative.iter_mut().zip(weights) {
        acc += w;
        *c = acc;
    }
    let single_skill = weights.iter().filter(|&&w| w > 0.0).count() == 1;
    // Separate streams, so that changing the strategy keeps arrivals and handle times equal
    // (common random numbers make strategy comparisons sharper).
    let mut arrivals_rng = Rng::new(config.seed);
    let mut handle_rng = Rng::new(config.seed ^ 0x5DEE_CE66_D1CE_4E5B);
    let mut patience_rng = Rng::new(config.seed ^ 0xA076_1D64_78BD_642F);
    let mut skill_rng = Rng::new(config.seed ^ 0xE703_7ED1_A0B4_28DB);

    let mut arrival = vec![0.0f64; total];
    let mut wait = vec![f64::NAN; total];
    let mut skill = vec![0u8; total];
    let mut step = vec![0u8; total];
    let mut outcome = vec![WAITING; total];
    let mut queue: VecDeque<u32> = VecDeque::new();
    let mut events = EventQueue::with_capacity(floor.agents + 64);

    let replay = match &config.arrivals {
        Arrivals::Replay(log) => Some(&log[..total]),
        Arrivals::Poisson { .. } => None,
    };
    let first_at = match (&config.arrivals, replay) {
        (_, Some(log)) => log[0].at,
        (Arrivals::Poisson { rate }, None) => arrivals_rng.exponential(1.0 / rate),
        _ => 0.0,
    };
    events.push(first_at, Kind::Arrival, 0);

    let slots: f64 = floor.cap.iter().map(|&c| f64::from(c)).sum();
    let mut busy = 0u64;
    let mut busy_area = 0.0;
    let mut measuring = false;
    let (mut window_start, mut window_end) = (0.0, 0.0);
    let mut last_t = 0.0;
    let mut decided = 0usize;

    let draw_handle = |rng: &mut Rng, c: usize| -> f64 {
        if let Some(h) = replay.and_then(|log| log[c].handle) {
            return h;
        }
        match config.handle {
            HandleTime::Exponential { mean } => rng.exponential(mean),
            HandleTime::Lognormal { mean, cv } => rng.lognormal(mean, cv),
        }
    };

    while decided < total {
        let Some(ev) = events.pop() else { break };
        let t = ev.t;
        if measuring {
            busy_area += busy as f64 * (t - last_t);
        }
        last_t = t;
        // Starts service of customer `c` on agent `a` at time `t`.
        macro_rules! start {
            ($c:expr, $a:expr) => {{
                let (c, a): (usize, usize) = ($c, $a);
                wait[c] = t - arrival[c];
                outcome[c] = if floor.prof[a * 6 + usize::from(skill[c])] > 0 {
                    SERVED_MATCH
                } else {
                    SERVED_OTHER
                };
                floor.load[a] += 1;
                busy += 1;
                decided += 1;
                events.push(
                    t + draw_handle(&mut handle_rng, c),
                    Kind::Departure,
                    a as u32,
                );
            }};
        }
        match ev.kind {
            Kind::Arrival => {
                let c = ev.id as usize;
                arrival[c] = t;
                skill[c] = match replay {
                    Some(log) => skill_index(log[c].skill),
                    None if single_skill => {
                        cumulative.iter().position(|&x| x > 0.0).unwrap_or(5) as u8
                    }
                    None => {
                        let u = skill_rng.uniform();
                        cumulative.iter().position(|&x| u < x).unwrap_or(5) as u8
                    }
                };
                if c == config.warmup {
                    measuring = true;
                    window_start = t;
                }
                if c + 1 < total {
                    let next = match (&config.arrivals, replay) {
                        (_, Some(log)) => log[c + 1].at,
                        (Arrivals::Poisson { rate }, None) => {
                            t + arrivals_rng.exponential(1.0 / rate)
                        }
                        _ => t,
                    };
                    events.push(next, Kind::Arrival, (c + 1) as u32);
                } else {
                    measuring = false;
                    window_end = t;
                }
                if (c + 1) % PROGRESS_EVERY == 0 {
                    progress(c + 1);
                }
                let s = floor.step_from(0, skill[c]);
                step[c] = s;
                if s == EXHAUSTED {
                    wait[c] = 0.0;
                    outcome[c] = OFFLINE;
                    decided += 1;
                    continue;
                }
                if let Some(a) = floor.pick(config.strategy, s, skill[c]) {
                    start!(c, a);
                } else {
                    queue.push_back(c as u32);
                    if let Some(p) = config.patience {
                        events.push(t + patience_rng.exponential(p), Kind::Abandon, c as u32);
                    }
                    let d = floor.deadline[usize::from(s)];
                    if d.is_finite() {
                        events.push(t + d, Kind::Relax, c as u32);
                    }
                }
            }
            Kind::Departure => {
                let a = ev.id as usize;
                floor.load[a] -= 1;
                busy -= 1;
                let pos = queue
                    .iter()
                    .position(|&c| floor.eligible(step[c as usize], skill[c as usize], a));
                if let Some(i) = pos {
                    let c = queue.remove(i).unwrap_or_default() as usize;
                    start!(c, a);
                }
            }
            Kind::Abandon => {
                let c = ev.id as usize;
                if outcome[c] == WAITING {
                    if let Some(i) = queue.iter().position(|&x| x as usize == c) {
                        queue.remove(i);
                    }
                    wait[c] = t - arrival[c];
                    outcome[c] = ABANDONED;
                    decided += 1;
                }
            }
            Kind::Relax => {
                let c = ev.id as usize;
                if outcome[c] != WAITING {
                    continue;
                }
                let s = floor.step_from(usize::from(step[c]) + 1, skill[c]);
                step[c] = s;
                let picked = if s == EXHAUSTED {
                    None
                } else {
                    floor.pick(config.strategy, s, skill[c])
                };
                if s == EXHAUSTED || picked.is_some() {
                    if let Some(i) = queue.iter().position(|&x| x as usize == c) {
                        queue.remove(i);
                    }
                }
                match picked {
                    Some(a) => start!(c, a),
                    None if s == EXHAUSTED => {
                        wait[c] = t - arrival[c];
                        outcome[c] = OFFLINE;
                        decided += 1;
                    }
                    None => {
                        let d = floor.deadline[usize::from(s)];
                        if d.is_finite() {
                            events.push(arrival[c] + d, Kind::Relax, c as u32);
                        }
                    }
                }
            }
        }
    }
    progress(total);

    let measured = &wait[config.warmup..];
    let outcomes = &outcome[config.warmup..];
    let n = measured.len() as f64;
    let count = |o: u8| outcomes.iter().filter(|&&x| x == o).count() as f64;
    let (matched, other) = (count(SERVED_MATCH), count(SERVED_OTHER));
    let ci = batch_means(measured);
    let mut sorted = measured.to_vec();
    let p50 = quantile(&mut sorted, 0.5);
    let p90 = quantile(&mut sorted, 0.9);
    let span = window_end - window_start;
    Ok(SimReport {
        conversations: total,
        measured: measured.len(),
        strategy: config.strategy,
        mean_wait: ci.mean,
        mean_wait_ci99: [ci.mean - ci.half_width, ci.mean + ci.half_width],
        p50_wait: p50,
        p90_wait: p90,
        abandonment_rate: count(ABANDONED) / n,
        offline_rate: count(OFFLINE) / n,
        skill_match_rate: if matched + other > 0.0 {
            matched / (matched + other)
        } else {
            0.0
        },
        utilisation: if span > 0.0 && slots > 0.0 {
            busy_area / (slots * span)
        } else {
            0.0
        },
        simulated_minutes: arrival[total - 1] - arrival[0],
        timeline: timeline(&arrival, &wait, arrival[total - 1], config.timeline_bins),
    })
}
