//! Complexity: requests a bot should not try to settle alone. Per customer message, evidence
//! from four families (multi-part requests with several distinct actions, billing disputes,
//! bugs with error codes, crashes and failing integrations, and heavy operations such as
//! migrations or amended filings) plus a follow-up that pushes back on the bot's answer; the
//! running level accumulates across messages and calms down on a resolution. Also reads
//! *impact* (money amounts, deadlines), which raises the priority of a handoff.

use super::lexicon::{PhraseTable, Tokens};

/// Which family of complexity a phrase belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// An action the customer asks for; several distinct ones make a multi-part request.
    Action,
    /// Refunds, chargebacks, double charges, disputes.
    Dispute,
    /// Bugs, error codes, crashes, failing integrations.
    Bug,
    /// Heavy operations: migrations, bulk moves without downtime, amended filings.
    Heavy,
    /// A follow-up that says the bot's answer does not settle it.
    Pushback,
    /// A deadline or time pressure (for priority, not complexity).
    Deadline,
}

use Family::*;

/// Built-in phrases: (phrase, family, weight).
const PHRASES: &[(&str, Family, f32)] = &[
    ("refund", Action, 1.0),
    ("cancel", Action, 1.0),
    ("change", Action, 1.0),
    ("update", Action, 1.0),
    ("correct", Action, 1.0),
    ("fix", Action, 1.0),
    ("resend", Action, 1.0),
    ("recall", Action, 1.0),
    ("reprint", Action, 1.0),
    ("replace", Action, 1.0),
    ("remove", Action, 1.0),
    ("merge", Action, 1.0),
    ("combine", Action, 1.0),
    ("consolidate", Action, 1.0),
    ("delete", Action, 1.0),
    ("add", Action, 1.0),
    ("reverse", Action, 1.0),
    ("restore", Action, 1.0),
    ("amend", Action, 1.0),
    ("start", Action, 1.0),
    ("stop", Action, 1.0),
    ("upgrade", Action, 1.0),
    ("downgrade", Action, 1.0),
    ("close", Action, 1.0),
    ("transfer", Action, 1.0),
    ("switch", Action, 1.0),
    ("move", Action, 1.0),
    ("moving", Action, 1.0),
    ("split", Action, 1.0),
    ("reembolso", Action, 1.0),
    ("cancelar", Action, 1.0),
    ("cambiar", Action, 1.0),
    ("actualizar", Action, 1.0),
    ("devolver", Action, 1.0),
    ("devuelvan", Action, 1.0),
    ("mettre a jour", Action, 1.0),
    ("rembourser", Action, 1.0),
    ("aktualisieren", Action, 1.0),
    ("zuruckerstatten", Action, 1.0),
    ("atualizar", Action, 1.0),
    ("reembolsar", Action, 1.0),
    ("annuler", Action, 1.0),
    ("changer", Action, 1.0),
    ("kundigen", Action, 1.0),
    ("andern", Action, 1.0),
    ("alterar", Action, 1.0),
    ("refund", Dispute, 0.3),
    ("money back", Dispute, 0.3),
    ("like back", Dispute, 0.3),
    ("want back", Dispute, 0.3),
    ("reimburse", Dispute, 0.3),
    ("chargeback", Dispute, 0.35),
    ("dispute", Dispute, 0.3),
    ("charged twice", Dispute, 0.35),
    ("charged me twice", Dispute, 0.35),
    ("billed twice", Dispute, 0.35),
    ("double charged", Dispute, 0.35),
    ("double charge", Dispute, 0.35),
    ("duplicate charge", Dispute, 0.35),
    ("overcharged", Dispute, 0.35),
    ("wrong amount", Dispute, 0.3),
    ("charged the wrong", Dispute, 0.3),
    ("fee twice", Dispute, 0.3),
    ("twice", Dispute, 0.05),
    ("at no cost", Dispute, 0.2),
    ("charged me", Dispute, 0.15),
    ("i cancelled", Dispute, 0.15),
    ("after i cancelled", Dispute, 0.15),
    ("free of charge", Dispute, 0.15),
    ("reembolso", Dispute, 0.3),
    ("cobraron dos veces", Dispute, 0.35),
    ("cobro doble", Dispute, 0.35),
    ("cobro duplicado", Dispute, 0.35),
    ("debite deux fois", Dispute, 0.35),
    ("facture deux fois", Dispute, 0.35),
    ("doppelt abgebucht", Dispute, 0.35),
    ("doppelt berechnet", Dispute, 0.35),
    ("cobrado duas vezes", Dispute, 0.35),
    ("cobraram duas vezes", Dispute, 0.35),
    ("rembourser", Dispute, 0.3),
    ("reembolsar", Dispute, 0.3),
    ("remboursement", Dispute, 0.3),
    ("erstattung", Dispute, 0.3),
    ("error", Bug, 0.15),
    ("bug", Bug, 0.2),
    ("crash", Bug, 0.2),
    ("exception", Bug, 0.2),
    ("stack trace", Bug, 0.2),
    ("trace", Bug, 0.15),
    ("fails", Bug, 0.15),
    ("failing", Bug, 0.15),
    ("failed", Bug, 0.1),
    ("integration", Bug, 0.15),
    ("api", Bug, 0.15),
    ("endpoint", Bug, 0.15),
    ("webhook", Bug, 0.15),
    ("timeout", Bug, 0.15),
    ("http", Bug, 0.15),
    ("500", Bug, 0.1),
    ("502", Bug, 0.1),
    ("503", Bug, 0.1),
    ("404", Bug, 0.05),
    ("regression", Bug, 0.2),
    ("migrate", Heavy, 0.2),
    ("migration", Heavy, 0.2),
    ("moving", Heavy, 0.1),
    ("downtime", Heavy, 0.2),
    ("without losing", Heavy, 0.15),
    ("amended", Heavy, 0.2),
    ("retroactive", Heavy, 0.2),
    ("both states", Heavy, 0.15),
    ("compliance", Heavy, 0.15),
    ("audit", Heavy, 0.15),
    ("tax", Heavy, 0.1),
    ("withholding", Heavy, 0.15),
    ("filing", Heavy, 0.1),
    ("wire", Heavy, 0.1),
    ("legal entity", Heavy, 0.15),
    ("merge", Heavy, 0.15),
    ("consolidate", Heavy, 0.15),
    ("entity", Heavy, 0.1),
    ("what about", Pushback, 0.15),
    ("what now", Pushback, 0.15),
    ("doesn't answer", Pushback, 0.15),
    ("didn't answer", Pushback, 0.15),
    ("not answer", Pushback, 0.15),
    ("though", Pushback, 0.05),
    ("but", Pushback, 0.05),
    ("too", Pushback, 0.05),
    ("greyed out", Pushback, 0.15),
    ("grayed out", Pushback, 0.15),
    ("doesn't apply", Pushback, 0.15),
    ("not what i", Pushback, 0.15),
    ("that handles", Pushback, 0.1),
    ("what happens", Pushback, 0.1),
    ("do we have to", Pushback, 0.1),
    ("do i have to", Pushback, 0.1),
    ("one at a time", Pushback, 0.1),
    ("still", Pushback, 0.05),
    ("deadline", Deadline, 1.0),
    ("today", Deadline, 1.0),
    ("tonight", Deadline, 1.0),
    ("tomorrow", Deadline, 1.0),
    ("this week", Deadline, 1.0),
    ("asap", Deadline, 1.0),
    ("urgent", Deadline, 1.0),
    ("urgently", Deadline, 1.0),
    ("end of day", Deadline, 1.0),
    ("monday", Deadline, 1.0),
    ("tuesday", Deadline, 1.0),
    ("wednesday", Deadline, 1.0),
    ("thursday", Deadline, 1.0),
    ("friday", Deadline, 1.0),
    ("saturday", Deadline, 1.0),
    ("sunday", Deadline, 1.0),
    ("hoy", Deadline, 1.0),
    ("manana", Deadline, 1.0),
    ("aujourd'hui", Deadline, 1.0),
    ("demain", Deadline, 1.0),
    ("heute", Deadline, 1.0),
    ("morgen", Deadline, 1.0),
    ("hoje", Deadline, 1.0),
    ("amanha", Deadline, 1.0),
];

/// What one customer message shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// This message's complexity evidence, in [0, 1].
    pub evidence: f32,
    /// A description of the strongest family seen ("multi-part request: refund, resend, ...").
    pub what: Option<String>,
    /// Whether the message names an amount of money or a deadline.
    pub impact: bool,
    /// How strongly the message pushes back on the bot's answer (a follow-up only).
    pub pushback: f32,
    /// This message's bug evidence (error codes, crashes, failing integrations).
    pub bug: f32,
    /// This message's billing-dispute evidence (refunds, double charges, chargebacks).
    pub dispute: f32,
}

/// The compiled complexity tables.
#[derive(Debug, Clone)]
pub struct Tables {
    table: PhraseTable<(Family, f32)>,
}

/// The built-in tables, compiled once per process on first use.
pub fn tables() -> &'static Tables {
    static TABLES: std::sync::OnceLock<Tables> = std::sync::OnceLock::new();
    TABLES.get_or_init(Tables::default)
}

impl Default for Tables {
    fn default() -> Tables {
        Tables {
            table: PhraseTable::new(PHRASES.iter().map(|&(p, f, w)| (p, (f, w)))),
        }
    }
}

impl Tables {
    /// Reads one customer message; `follow_up` says whether the bot has already answered.
    pub fn read(&self, tokens: &Tokens, follow_up: bool) -> Reading {
        let mut actions: Vec<&str> = Vec::new();
        let mut action_words: Vec<&str> = Vec::new();
        let mut family = [0.0f32; 4];
        let mut quotes: [Option<String>; 4] = Default::default();
        let mut pushback = 0.0f32;
        let mut deadline = false;
        self.table.for_each_match(tokens, |s, l, &(f, w)| match f {
            Action => {
                if !actions.contains(&tokens.word(s)) {
                    actions.push(tokens.word(s));
                    action_words.push(tokens.source(s, l));
                }
            }
            Dispute | Bug | Heavy => {
                let slot = match f {
                    Dispute => 0,
                    Bug => 1,
                    _ => 2,
                };
                family[slot] += w;
                if quotes[slot].is_none() && w >= 0.1 {
                    quotes[slot] = Some(format!("'{}'", tokens.source(s, l)));
                }
            }
            Pushback => pushback += w,
            Deadline => deadline = true,
        });
        if tokens.codes > 0 {
            family[1] += 0.15 * tokens.codes.min(2) as f32;
            quotes[1].get_or_insert_with(|| "error code".to_string());
        }
        family[0] = family[0].min(0.45);
        family[1] = family[1].min(0.45);
        family[2] = family[2].min(0.4);
        // Multi-part: three or more distinct actions, or two with two questions.
        let multi = match actions.len() {
            0 | 1 => 0.0,
            2 if tokens.questions >= 2 => 0.2,
            2 => 0.1,
            _ => 0.35,
        };
        family[3] = multi;
        if multi >= 0.2 {
            quotes[3] = Some(format!("multi-part request ({})", action_words.join(", ")));
        }
        let mut evidence: f32 = family.iter().sum();
        if !follow_up {
            pushback = 0.0;
        } else if evidence > 0.0 {
            evidence += pushback.min(0.2);
            pushback = 0.0;
        }
        // Money at stake makes a dispute or an operation heavier.
        if tokens.money > 0 && (family[0] > 0.0 || family[2] > 0.0 || multi > 0.0) {
            evidence += 0.1;
        }
        let strongest = (0..4)
            .filter(|&i| family[i] > 0.0)
            .max_by(|&a, &b| family[a].total_cmp(&family[b]));
        let what = strongest.and_then(|i| {
            let name = ["billing dispute", "bug", "heavy operation", ""][i];
            quotes[i].clone().map(|q| {
                if name.is_empty() {
                    q
                } else {
                    format!("{name}: {q}")
                }
            })
        });
        Reading {
            evidence: evidence.min(1.0),
            what,
            impact: deadline || tokens.money > 0 || many_people(tokens),
            pushback,
            bug: family[1],
            dispute: family[0],
        }
    }
}

/// Words for people affected by a problem ("23 employees"), stemmed as messages are.
const PEOPLE: &[&str] = &[
    "peopl", "employe", "user", "customer", "staff", "client", "member", "student", "patient",
    "guest",
];

/// Whether the words say that ten or more people are affected ("23 people messaging me").
fn many_people(tokens: &Tokens) -> bool {
    (1..tokens.len()).any(|i| {
        let number = tokens.word(i - 1);
        number.len() <= 7
            && number.bytes().all(|b| b.is_ascii_digit())
            && number.parse::<u32>().is_ok_and(|n| n >= 10)
            && PEOPLE.contains(&tokens.word(i))
    })
}

/// The running complexity state of one conversation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Complexity {
    level: f32,
    evidence: Option<(usize, String, f32)>,
}

impl Complexity {
    /// Updates the state with a customer message's reading; `resolved` says the customer is
    /// satisfied, `follow_up` that the bot has answered before. Returns the new level in
    /// [0, 1].
    pub fn observe(
        &mut self,
        index: usize,
        reading: &Reading,
        resolved: bool,
        follow_up: bool,
    ) -> f32 {
        if resolved {
            self.level *= 0.3;
        } else {
            // Pushing back on the bot's answer to a request already seen as complex counts
            // fully; on a simple one, a little.
            let pushback = if self.level >= 0.2 {
                reading.pushback.min(0.25)
            } else {
                (reading.pushback * 0.5).min(0.1)
            };
            // Coming back unsatisfied to a request already seen as complex: the bot's answer
            // did not settle it.
            let persistence = if follow_up && self.level >= 0.3 {
                0.1
            } else {
                0.0
            };
            self.level = (self.level * 0.8 + reading.evidence + pushback + persistence).min(1.0);
        }
        if let Some(what) = &reading.what {
            if self
                .evidence
                .as_ref()
                .map_or(true, |(_, _, e)| reading.evidence >= *e)
            {
                self.evidence = Some((index, what.clone(), reading.evidence));
            }
        }
        self.level
    }

    /// The current level in [0, 1].
    pub fn level(&self) -> f32 {
        self.level
    }

    /// The message index and description of the strongest evidence so far.
    pub fn evidence(&self) -> Option<(usize, &str)> {
        self.evidence.as_ref().map(|(i, w, _)| (*i, w.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Reading {
        Tables::default().read(&Tokens::new(text), false)
    }

    #[test]
    fn families() {
        let r = read("change my plan, update my card and refund last month");
        assert!(r.evidence >= 0.35, "{r:?}");
        assert!(r.what.unwrap().starts_with("multi-part"));
        assert!(read("I was charged twice for March").evidence >= 0.3);
        assert!(read("the API returns HTTP 500 with error 0x80070005").evidence >= 0.4);
        assert!(read("how do I export a report?").evidence < 0.1);
        assert!(read("how do I bulk import deals from a spreadsheet?").evidence < 0.1);
    }

    #[test]
    fn impact_is_money_or_deadline() {
        assert!(read("I paid $38 for shipping").impact);
        assert!(read("the event is on Saturday").impact);
        assert!(!read("I have 30 sites").impact);
        assert!(read("23 employees can't see their pay stubs").impact);
        assert!(!read("2 users can't log in").impact);
    }
}
