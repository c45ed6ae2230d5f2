//! `handoff replay --policy NEW --compare OLD`: replays every conversation under both
//! policies and prints one JSON line per conversation whose decision differs (whether and
//! when it hands off, the reasons, the skill or the priority), with a summary on stderr. It
//! shows what deploying a new policy would change before anyone deploys it.

use std::path::Path;

use handoff::core::calibrate::{turn_change, TurnChange};
use handoff::core::policy::Policy;
use handoff::core::wire::{ConversationIn, ReplayOut};
use handoff::core::Engine;
use serde::Serialize;

use crate::jsonl::{load_policy, Io, Report};
use crate::records::for_each_record;
use crate::replay::replay_one;

/// One output line: a conversation whose decision differs.
#[derive(Serialize)]
struct Difference {
    id: String,
    /// `earlier`, `later`, `now_escalates`, `no_longer_escalates`, or `other` when only the
    /// reasons, skill or priority differ.
    change: &'static str,
    old: ReplayOut,
    new: ReplayOut,
}

fn change_name(c: Option<TurnChange>) -> &'static str {
    match c {
        Some(TurnChange::Earlier) => "earlier",
        Some(TurnChange::Later) => "later",
        Some(TurnChange::NowEscalates) => "now_escalates",
        Some(TurnChange::NoLongerEscalates) => "no_longer_escalates",
        None => "other",
    }
}

/// Whether two replay lines differ in what matters to routing (not the explanation's wording).
fn differs(a: &ReplayOut, b: &ReplayOut) -> bool {
    (a.escalate, a.turn, &a.reasons, a.skill, a.priority)
        != (b.escalate, b.turn, &b.reasons, b.skill, b.priority)
}

/// Runs the comparison: `new` from `--policy`, the old one from `--compare`.
pub fn run(io: &Io, new: Policy, old: &Path) -> Result<Report, String> {
    let old: Policy = load_policy(&old.to_path_buf())?;
    let mut new_engine = Engine::new(new);
    let mut old_engine = Engine::new(old);
    let mut compared = 0;
    let mut counts: [usize; 5] = [0; 5];
    let mut differ = 0;
    let failed = for_each_record(io.input.as_deref(), None, |c: ConversationIn| {
        compared += 1;
        let o = replay_one(&mut old_engine, c.customer.clone(), c.messages.clone());
        let n = replay_one(&mut new_engine, c.customer, c.messages);
        let (o, n) = (
            ReplayOut::new(c.id.clone(), &o),
            ReplayOut::new(c.id.clone(), &n),
        );
        if differs(&o, &n) {
            let change = turn_change(o.turn, n.turn);
            counts[match change {
                Some(TurnChange::Earlier) => 0,
                Some(TurnChange::Later) => 1,
                Some(TurnChange::NowEscalates) => 2,
                Some(TurnChange::NoLongerEscalates) => 3,
                None => 4,
            }] += 1;
            let d = Difference {
                id: c.id,
                change: change_name(change),
                old: o,
                new: n,
            };
            let line = serde_json::to_string(&d).map_err(|e| {
                handoff::core::Error::new(handoff::core::ErrorCode::InvalidValue, e.to_string())
            })?;
            println!("{line}");
            differ += 1;
        }
        Ok(())
    })?;
    eprintln!(
        "compared {compared} conversations: {} differ ({} earlier, {} later, {} now escalate, \
         {} no longer escalate, {} other)",
        differ, counts[0], counts[1], counts[2], counts[3], counts[4]
    );
    Ok(Report {
        ok: compared,
        failed,
    })
}
