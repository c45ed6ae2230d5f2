//! Router behaviour tests: each routing step, expiry and relaxation, capacity caps, aging,
//! VIP owner-first and business hours with the offline path.

use super::*;
use crate::core::decision::{Priority, Skill};

/// Monday 2026-11-23 00:00:00 UTC.
const MONDAY: f64 = 1_795_392_000.0;
/// Monday 10:00 UTC.
const T0: f64 = MONDAY + 10.0 * 3600.0;

/// The issue's example: billing specialist (4+) for 60 s, then any billing agent for 60 s,
/// then any available agent.
fn policy() -> RoutingPolicy {
    RoutingPolicy {
        steps: vec![
            RoutingStep::new(
                "billing_specialist",
                SkillRequirement::Handoff,
                4,
                Some(60.0),
            ),
            RoutingStep::new("billing_any", SkillRequirement::Handoff, 1, Some(60.0)),
            RoutingStep::new("anyone", SkillRequirement::Any, 1, None),
        ],
        ..RoutingPolicy::default()
    }
}

fn billing(id: &str, since: f64) -> WaitingHandoff {
    WaitingHandoff::new(id, Skill::Billing, since)
}

fn busy(agent: Agent) -> Agent {
    let mut a = agent;
    a.active = a.max_concurrent;
    a
}

fn floor() -> Vec<Agent> {
    vec![
        Agent::new("expert").skill(Skill::Billing, 5),
        Agent::new("junior").skill(Skill::Billing, 2),
        Agent::new("generalist").skill(Skill::General, 3),
    ]
}

fn assigned(plan: &RoutingPlan) -> Vec<(&str, &str, &str)> {
    plan.assignments
        .iter()
        .map(|a| (a.handoff_id.as_str(), a.agent_id.as_str(), a.step.as_str()))
        .collect()
}

#[test]
fn first_step_takes_the_specialist() {
    let p = policy();
    let plan = Router::new(&p).route(T0, &[billing("h1", T0)], &floor());
    assert_eq!(assigned(&plan), [("h1", "expert", "billing_specialist")]);
}

#[test]
fn holds_for_a_busy_specialist_until_the_step_expires() {
    let p = policy();
    let router = Router::new(&p);
    let agents = vec![
        busy(Agent::new("expert").skill(Skill::Billing, 5)),
        Agent::new("junior").skill(Skill::Billing, 2),
        Agent::new("generalist").skill(Skill::General, 3),
    ];
    let h = [billing("h1", T0)];
    // Within the first 60 s the junior is free but not proficient enough: hold.
    let plan = router.route(T0 + 59.0, &h, &agents);
    assert!(plan.assignments.is_empty());
    assert_eq!(plan.holds[0].step, "billing_specialist");
    assert_eq!(plan.holds[0].reroute_at, Some(T0 + 60.0));
    // At 60 s the requirement relaxes to any billing agent.
    let plan = router.route(T0 + 60.0, &h, &agents);
    assert_eq!(assigned(&plan), [("h1", "junior", "billing_any")]);
}

#[test]
fn relaxes_to_any_agent_after_the_second_expiry() {
    let p = policy();
    let router = Router::new(&p);
    let agents = vec![
        busy(Agent::new("expert").skill(Skill::Billing, 5)),
        busy(Agent::new("junior").skill(Skill::Billing, 2)),
        Agent::new("generalist").skill(Skill::General, 3),
    ];
    let h = [billing("h1", T0)];
    let plan = router.route(T0 + 119.0, &h, &agents);
    assert_eq!(plan.holds[0].step, "billing_any");
    assert_eq!(plan.holds[0].reroute_at, Some(T0 + 120.0));
    let plan = router.route(T0 + 120.0, &h, &agents);
    assert_eq!(assigned(&plan), [("h1", "generalist", "anyone")]);
    // The last step has no expiry: with everyone busy it holds without a reroute time.
    let all_busy: Vec<Agent> = agents.into_iter().map(busy).collect();
    let plan = router.route(T0 + 5000.0, &h, &all_busy);
    assert_eq!(plan.holds[0].step, "anyone");
    assert_eq!(plan.holds[0].reroute_at, None);
}

#[test]
fn a_step_nobody_on_shift_can_satisfy_is_skipped() {
    let p = policy();
    let mut agents = floor();
    agents[0].status = AgentStatus::Offline;
    let plan = Router::new(&p).route(T0, &[billing("h1", T0)], &agents);
    assert_eq!(assigned(&plan), [("h1", "junior", "billing_any")]);
    // An away specialist is still present, so the step holds for them.
    agents[0].status = AgentStatus::Away;
    let plan = Router::new(&p).route(T0, &[billing("h1", T0)], &agents);
    assert_eq!(plan.holds[0].step, "billing_specialist");
}

#[test]
fn last_step_expiring_takes_the_offline_path() {
    let mut p = policy();
    p.steps[2].expires_after_seconds = Some(600.0);
    let agents: Vec<Agent> = floor().into_iter().map(busy).collect();
    let plan = Router::new(&p).route(T0 + 720.0, &[billing("h1", T0)], &agents);
    assert_eq!(plan.offline.len(), 1);
    assert_eq!(plan.offline[0].reason, OfflineReason::NoAgent);
    assert!(plan.offline[0].create_ticket);
    assert_eq!(plan.offline[0].expected_response_seconds, Some(3600.0));
    assert!(
        plan.offline[0].message.contains("about 60 minutes"),
        "{}",
        plan.offline[0].message
    );
    // Nobody logged in at all is the same path, whatever the expiries.
    let mut gone = floor();
    for a in &mut gone {
        a.status = AgentStatus::Offline;
    }
    let plan = Router::new(&policy()).route(T0, &[billing("h2", T0)], &gone);
    assert_eq!(plan.offline[0].reason, OfflineReason::NoAgent);
}

#[test]
fn language_requirement() {
    let mut p = policy();
    p.steps[0].same_language = true;
    let agents = vec![
        Agent::new("expert_en")
            .skill(Skill::Billing, 5)
            .language("en"),
        Agent::new("expert_fr")
            .skill(Skill::Billing, 4)
            .language("fr"),
    ];
    let mut h = billing("h1", T0);
    h.language = Some("FR".into());
    let plan = Router::new(&p).route(T0, &[h], &agents);
    assert_eq!(assigned(&plan), [("h1", "expert_fr", "billing_specialist")]);
}

#[test]
fn capacity_caps_hold_within_one_call() {
    let p = RoutingPolicy {
        steps: vec![RoutingStep::new("anyone", SkillRequirement::Any, 1, None)],
        ..RoutingPolicy::default()
    };
    let mut a = Agent::new("a").capacity(2);
    a.active = 1;
    let agents = vec![a, Agent::new("b").capacity(1)];
    let waiting: Vec<WaitingHandoff> = (0..4)
        .map(|i| billing(&format!("h{i}"), T0 + f64::from(i)))
        .collect();
    let plan = Router::new(&p).route(T0 + 10.0, &waiting, &agents);
    // a has one free slot, b one: two assignments, the two oldest, and two holds.
    assert_eq!(
        assigned(&plan),
        [("h0", "b", "anyone"), ("h1", "a", "anyone")],
        "least loaded first: b (0/1) before a (1/2)"
    );
    assert_eq!(plan.holds.len(), 2);
    let a_count = plan
        .assignments
        .iter()
        .filter(|x| x.agent_id == "a")
        .count();
    assert_eq!(a_count, 1, "a never goes above max_concurrent");
}

#[test]
fn priority_orders_service_and_aging_prevents_starvation() {
    let p = RoutingPolicy {
        steps: vec![RoutingStep::new("anyone", SkillRequirement::Any, 1, None)],
        aging: Aging {
            seconds_per_level: 60.0,
        },
        ..RoutingPolicy::default()
    };
    let router = Router::new(&p);
    let one_agent = vec![Agent::new("a")];
    let mut low = billing("low", T0);
    low.priority = Priority::Low;
    let mut urgent = billing("urgent", T0 + 10.0);
    urgent.priority = Priority::Urgent;
    // Fresh: urgent (3) beats low (0 + 10 s of aging).
    let plan = router.route(T0 + 10.0, &[low.clone(), urgent.clone()], &one_agent);
    assert_eq!(plan.assignments[0].handoff_id, "urgent");
    // After 4 minutes low has aged 4 levels; a new urgent one (3) no longer overtakes it.
    let mut fresh = billing("fresh_urgent", T0 + 240.0);
    fresh.priority = Priority::Urgent;
    let plan = router.route(T0 + 240.0, &[fresh, low.clone()], &one_agent);
    assert_eq!(plan.assignments[0].handoff_id, "low");
    assert!(router.effective_priority(&low, T0 + 240.0) > 3.9);
}

#[test]
fn vip_goes_to_the_account_owner_first() {
    let p = policy();
    let router = Router::new(&p);
    let mut h = billing("vip", T0);
    h.vip = true;
    h.account_owner = Some("owner".into());
    let mut agents = floor();
    agents.push(Agent::new("owner").skill(Skill::Sales, 3));
    // The owner is free: they take it even though the expert is a better skill match.
    let plan = router.route(T0, std::slice::from_ref(&h), &agents);
    assert_eq!(assigned(&plan), [("vip", "owner", "account_owner")]);
    // The owner is busy: hold for them during the owner window, then the normal steps.
    let last = agents.len() - 1;
    agents[last].active = 1;
    let plan = router.route(T0 + 30.0, std::slice::from_ref(&h), &agents);
    assert_eq!(plan.holds[0].step, "account_owner");
    assert_eq!(plan.holds[0].reroute_at, Some(T0 + 120.0));
    // By then both billing steps have expired (same clock); the "anyone" step still prefers
    // the most proficient agent in the handoff's skill.
    let plan = router.route(T0 + 120.0, std::slice::from_ref(&h), &agents);
    assert_eq!(assigned(&plan), [("vip", "expert", "anyone")]);
    // An owner who is logged out is not waited for.
    agents[last].status = AgentStatus::Offline;
    let plan = router.route(T0, std::slice::from_ref(&h), &agents);
    assert_eq!(assigned(&plan), [("vip", "expert", "billing_specialist")]);
    // VIPs are also served before equal-priority customers who waited a little longer.
    let mut agents = vec![Agent::new("a")];
    agents[0].skills = floor()[0].skills.clone();
    let mut vip = billing("vip", T0);
    vip.vip = true;
    let plan = router.route(T0 + 5.0, &[billing("regular", T0 - 20.0), vip], &agents);
    assert_eq!(plan.assignments[0].handoff_id, "vip");
}

#[test]
fn business_hours_and_the_offline_path() {
    let mut p = policy();
    p.business_hours = Some(WeeklyHours {
        utc_offset_minutes: 0,
        windows: vec![Window {
            days: vec![
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
            ],
            open: "09:00".into(),
            close: "17:00".into(),
        }],
    });
    p.offline.first_response_minutes = 30.0;
    let router = Router::new(&p);
    let open = router.route(T0, &[billing("h1", T0)], &floor());
    assert_eq!(open.assignments.len(), 1);
    // Monday 20:00: closed until Tuesday 09:00 (13 h) plus 30 min for the first reply.
    let evening = MONDAY + 20.0 * 3600.0;
    let plan = router.route(evening, &[billing("h1", evening)], &floor());
    assert!(plan.assignments.is_empty());
    let off = &plan.offline[0];
    assert_eq!(off.reason, OfflineReason::Closed);
    assert_eq!(off.expected_response_seconds, Some(13.5 * 3600.0));
    assert!(off.message.contains("about 14 hours"), "{}", off.message);
    assert!(off.create_ticket);
}

#[test]
fn agent_shift_schedules_are_respected() {
    let p = policy();
    let mut agents = floor();
    agents[0].schedule = Some(WeeklyHours {
        utc_offset_minutes: 0,
        windows: vec![Window {
            days: vec![Weekday::Mon],
            open: "12:00".into(),
            close: "18:00".into(),
        }],
    });
    // At 10:00 the expert is off shift, so the specialist step is skipped.
    let plan = Router::new(&p).route(T0, &[billing("h1", T0)], &agents);
    assert_eq!(assigned(&plan), [("h1", "junior", "billing_any")]);
    let noon = MONDAY + 12.0 * 3600.0;
    let plan = Router::new(&p).route(noon, &[billing("h1", noon)], &agents);
    assert_eq!(assigned(&plan), [("h1", "expert", "billing_specialist")]);
}

#[test]
fn agents_validate_with_field_paths() {
    let a = Agent::new("a").skill(Skill::Billing, 7);
    assert_eq!(
        a.validate().unwrap_err().field(),
        Some("skills[0].proficiency")
    );
    assert_eq!(
        Agent::new("a").capacity(0).validate().unwrap_err().field(),
        Some("max_concurrent")
    );
    assert_eq!(Agent::new(" ").validate().unwrap_err().field(), Some("id"));
    assert!(floor().iter().all(|a| a.validate().is_ok()));
}

#[test]
fn durations_read_naturally() {
    assert_eq!(router::describe_duration(45.0 * 60.0), "about 45 minutes");
    assert_eq!(router::describe_duration(60.0), "about 1 minute");
    assert_eq!(router::describe_duration(13.5 * 3600.0), "about 14 hours");
    assert_eq!(router::describe_duration(3.0 * 86400.0), "about 3 days");
}

#[test]
fn routing_hints_feed_the_helpdesk_mapping() {
    let mut p = policy();
    p.helpdesk = crate::core::json_de::from_str(
        r#"{"default": {"zendesk": {"groups": {"billing": 7}}, "intercom": {"teams": {"billing": "t1"}}}}"#,
    )
    .unwrap();
    let mut h = billing("h1", T0);
    h.priority = Priority::High;
    h.language = Some("de".into());
    let hint = Router::new(&p).hint(&h);
    assert_eq!(
        hint.min_proficiency, 4,
        "the first step asks for a specialist"
    );
    let z = p.helpdesk.zendesk(None, &hint);
    assert_eq!((z.priority, z.group_id), (Priority::High, Some(7)));
    assert_eq!(z.tags, ["skill_billing", "skill_billing_4", "lang_de"]);
    assert_eq!(
        p.helpdesk.intercom(None, &hint).team_id.as_deref(),
        Some("t1")
    );
}
