//! Stakes: what a customer says is at risk, which raises a handoff's priority (the engine
//! decides when it counts). Three classes, read per customer message: the customer's own money
//! (an amount they report, not a price the bot quoted and they repeat), a deadline ahead ("by
//! Friday", "tomorrow", "asap"; a weekday told as past, "since Monday", "said so on Saturday
//! and yesterday", is none), and ten or more people affected ("23 employees can't log in", but
//! not the object of an operation, "move all 45 users"). Pure word-level matching over
//! [`Tokens`], no I/O.

use super::lexicon::{PhraseTable, Tokens};
use super::packed;

/// What a phrase of [`PHRASES`] marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// A deadline or time pressure whatever the tense ("deadline", "asap").
    Deadline,
    /// A day close by ("today", "tomorrow"): a deadline unless it states the date ("today is
    /// Tuesday").
    Day,
    /// A weekday: a deadline unless told as past.
    Weekday,
    /// Before a weekday, makes it a deadline ("by", "before", "next").
    Ahead,
    /// Before a weekday, makes it past ("since", "last").
    Since,
    /// Anywhere in the message, makes its weekdays past unless [`Mark::Ahead`] precedes them
    /// ("yesterday", "ago").
    Past,
    /// A phrase in which a day word means something else ("guten Morgen": good morning).
    NotDay,
    /// People who can be affected ("employees", "clientes").
    People,
    /// An operation whose object is people, not harm to them ("move", "invite").
    Operation,
}

use Mark::*;

/// Built-in phrases, packed ([`super::packed`]): groups `letter:phrase|…;`, the letter `d`
/// (deadline), `y` (day), `n` (not a day), `w` (weekday), `a` (ahead), `s` (since), `p` (past), `m` (people) or `o`
/// (operation); in English, Spanish, French, German and Portuguese.
const PHRASES: &str = concat!(
    "d:deadline|this week|asap|urgent|urgently|end of day|eod|esta semana|urgente|",
    "cette semaine|diese woche|dringend|prazo|plazo|frist;",
    "y:today|tonight|tomorrow|hoy|manana|esta noche|aujourd'hui|demain|ce soir|heute|morgen|",
    "heute abend|hoje|amanha|esta noite;",
    "n:guten morgen|por la manana|de la manana|esta manana|toda la manana;",
    "w:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miercoles|",
    "jueves|viernes|sabado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|",
    "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|segunda feira|terca feira|",
    "quarta feira|quinta feira|sexta feira;",
    "a:by|before|until|till|next|this|coming|due|antes del|hasta el|este|avant|d'ici|jusqu'a|",
    "ce|bis|vor|diesen|kommenden|ate|antes de|proximo|proxima;",
    "s:since|last|from|desde|depuis|seit|letzten|dernier|pasado|passado;",
    "p:yesterday|ago|last week|ayer|il y a|gestern|ontem|semana pasada|",
    "semaine derniere|letzte woche|semana passada;",
    "m:people|person|employees|staff|users|customers|clients|members|students|patients|",
    "guests|drivers|agents|personas|empleados|usuarios|clientes|alumnos|personnes|",
    "employes|utilisateurs|eleves|leute|mitarbeiter|nutzer|kunden|pessoas|funcionarios|",
    "alunos;",
    "o:move|moving|add|adding|invite|inviting|migrate|migrating|import|importing|onboard|",
    "onboarding|transfer|transferring|create|creating|mover|migrar|anadir|invitar|deplacer|",
    "ajouter|inviter|migrer|verschieben|hinzufugen|einladen|migrieren|adicionar|convidar;",
);

/// Articles that may stand between a cue and a weekday ("desde el lunes", "bis zum Freitag").
const ARTICLES: &[&str] = &["the", "el", "le", "la", "o", "a", "am", "zum", "dem", "den"];

/// Reads a packed tag.
fn mark(tag: &str) -> Option<Mark> {
    Some(match tag {
        "d" => Deadline,
        "y" => Day,
        "n" => NotDay,
        "w" => Weekday,
        "a" => Ahead,
        "s" => Since,
        "p" => Past,
        "m" => People,
        "o" => Operation,
        _ => return None,
    })
}

/// The compiled table, once per process on first use.
fn table() -> &'static PhraseTable<Mark> {
    static TABLE: std::sync::OnceLock<PhraseTable<Mark>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        PhraseTable::new(packed::rows(PHRASES).filter_map(|(tag, p)| Some((p, mark(tag)?))))
    })
}

/// The amounts a conversation's bot has quoted, so that a customer repeating one (a price,
/// an upsell) does not read as their own money at stake. Kept to a few: a bot quoting more
/// is reciting a price list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stakes {
    quoted: Vec<u64>,
}

/// Amounts a bot may quote that [`Stakes`] remembers.
const MAX_QUOTED: usize = 16;

impl Stakes {
    /// Remembers the amounts in a bot message.
    pub fn observe_bot(&mut self, tokens: &Tokens) {
        if tokens.numbers == 0 {
            return;
        }
        for amount in amounts(tokens) {
            if self.quoted.len() < MAX_QUOTED && !self.quoted.contains(&amount) {
                self.quoted.push(amount);
            }
        }
    }

    /// Whether a customer message says something is at stake: an amount of their own, a
    /// deadline ahead, or many people affected.
    pub fn at_stake(&self, tokens: &Tokens) -> bool {
        let mut time = Time::default();
        // People words' starts, and where operation verbs end.
        let (mut people, mut n_people) = ([0usize; 4], 0);
        let (mut ops, mut n_ops) = ([usize::MAX; 4], 0);
        table().for_each_match(tokens, |s, l, &m| match m {
            Deadline | Day | NotDay | Weekday | Ahead | Since | Past => time.see(tokens, s, l, m),
            People => {
                if let Some(p) = people.get_mut(n_people) {
                    *p = s;
                    n_people += 1;
                }
            }
            Operation => {
                if let Some(o) = ops.get_mut(n_ops) {
                    *o = s + l;
                    n_ops += 1;
                }
            }
        });
        time.ahead()
            || people
                .iter()
                .take(n_people)
                .any(|&p| many_people_at(tokens, p, &ops))
            || (tokens.numbers > 0 && amounts(tokens).any(|a| !self.quoted.contains(&a)))
    }
}

/// The time words of one message, in order, to tell a deadline ahead from a date in the past
/// or a date merely stated.
#[derive(Debug, Default)]
struct Time {
    /// Whether the message has a deadline word ("deadline", "asap").
    deadline: bool,
    /// Day words ("tomorrow") as (end, stated): `stated` when a weekday follows after one
    /// word ("today is Tuesday": a date, not a due time).
    days: [(usize, bool); 4],
    n_days: usize,
    /// Where the last phrase that reads a day word otherwise ends ("guten Morgen", "por la
    /// mañana").
    other_end: Option<usize>,
    /// Weekdays as (start, counts): `counts` after an ahead cue, or bare unless the message
    /// tells of the past, follows a since cue, names a span ("Monday to Friday") or states
    /// the date.
    weekdays: [(usize, bool, bool); 4],
    n_weekdays: usize,
    /// Whether the message has a past marker ("yesterday", "ago").
    past: bool,
    /// Where the last ahead and since cues end.
    ahead_end: Option<usize>,
    since_end: Option<usize>,
}

impl Time {
    fn see(&mut self, tokens: &Tokens, s: usize, l: usize, mark: Mark) {
        match mark {
            Deadline => self.deadline = true,
            // Matches come in order of their start: a longer phrase before a day word it ends
            // with.
            NotDay => self.other_end = Some(s + l),
            Day if self.other_end == Some(s + l) => {}
            Day => {
                if let Some(d) = self.days.get_mut(self.n_days) {
                    *d = (s + l, false);
                    self.n_days += 1;
                }
            }
            Weekday => {
                // A cue right before, or before an article ("desde el lunes").
                let cued = |end: Option<usize>| {
                    end.is_some_and(|end| {
                        end == s || (end + 1 == s && ARTICLES.contains(&tokens.word(end)))
                    })
                };
                let (ahead, since) = (cued(self.ahead_end), cued(self.since_end));
                let mut stated = false;
                for d in self.days.iter_mut().take(self.n_days) {
                    if d.0 + 1 == s {
                        d.1 = true;
                        stated = true;
                    }
                }
                // A weekday two words or less after another names a span, and so does that one.
                let mut span = false;
                for w in self.weekdays.iter_mut().take(self.n_weekdays) {
                    if w.0 + 3 >= s {
                        w.2 = true;
                        span = true;
                    }
                }
                if let Some(w) = self.weekdays.get_mut(self.n_weekdays) {
                    *w = (s, ahead, since || stated || span);
                    self.n_weekdays += 1;
                }
            }
            Ahead => self.ahead_end = Some(s + l),
            Since => self.since_end = Some(s + l),
            Past => self.past = true,
            People | Operation => {}
        }
    }

    /// Whether the message names a time ahead: a deadline word, a day word that does not
    /// state the date, a weekday after an ahead cue, or a bare weekday in a message that tells
    /// of no past.
    fn ahead(&self) -> bool {
        self.deadline
            || self.days.iter().take(self.n_days).any(|d| !d.1)
            || self
                .weekdays
                .iter()
                .take(self.n_weekdays)
                .any(|&(_, ahead, not)| ahead || (!not && !self.past))
    }
}

/// Whether the people word at `at` follows a number of ten or more ("23 employees") that is
/// not the object of an operation: `ops` holds where operation verbs end, and one right
/// before the number, or before one determiner and the number, makes it one ("move all 45
/// users", "invite our 12 agents").
fn many_people_at(tokens: &Tokens, at: usize, ops: &[usize]) -> bool {
    const DETERMINERS: &[&str] = &["all", "our", "the", "my", "these", "those", "los", "les"];
    let Some(number) = at.checked_sub(1) else {
        return false;
    };
    let word = tokens.word(number);
    if word.len() > 7 || !digits(word) || word.parse::<u32>().map_or(true, |n| n < 10) {
        return false;
    }
    let object = ops.contains(&number)
        || (number > 0
            && DETERMINERS.contains(&tokens.word(number - 1))
            && ops.contains(&(number - 1)));
    !object
}

fn digits(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
}

/// The text between words `a` and `b`.
fn between<'a>(tokens: &Tokens<'a>, a: usize, b: usize) -> Option<&'a str> {
    let (_, end) = tokens.source_span(a);
    let (start, _) = tokens.source_span(b);
    tokens.text().get(end..start)
}

/// The currency amounts in a text, as whole units ("$1,250.50" is 1250): a number with a
/// currency sign before or after it ("$38", "800 €") or a currency word after it ("12 EUR").
fn amounts<'t>(tokens: &'t Tokens) -> impl Iterator<Item = u64> + 't {
    let text = tokens.text();
    (0..tokens.len()).filter_map(move |i| {
        let word = tokens.word(i);
        if !digits(word) {
            return None;
        }
        // A group of a number already read ("250" of "1,250", "50" of "9.50").
        if i > 0
            && digits(tokens.word(i - 1))
            && between(tokens, i - 1, i).is_some_and(|s| s == "," || s == ".")
        {
            return None;
        }
        // The number with its thousands groups, and the index of its last group.
        let mut value = word.parse::<u64>().ok()?;
        let mut last = i;
        while last + 1 < tokens.len()
            && tokens.word(last + 1).len() == 3
            && digits(tokens.word(last + 1))
            && between(tokens, last, last + 1).is_some_and(|s| s == "," || s == ".")
        {
            value = value
                .saturating_mul(1000)
                .saturating_add(tokens.word(last + 1).parse().ok()?);
            last += 1;
        }
        // Cents after the groups ("9.99", "36,50").
        if last + 1 < tokens.len()
            && tokens.word(last + 1).len() == 2
            && digits(tokens.word(last + 1))
            && between(tokens, last, last + 1).is_some_and(|s| s == "," || s == ".")
        {
            last += 1;
        }
        let (start, _) = tokens.source_span(i);
        let (_, end) = tokens.source_span(last);
        let sign_before = text
            .get(..start)
            .is_some_and(|s| s.trim_end_matches(' ').ends_with(is_currency));
        let sign_after = text
            .get(end..)
            .is_some_and(|s| s.trim_start_matches(' ').starts_with(is_currency));
        let word_after = last + 1 < tokens.len()
            && matches!(
                tokens.whole_word(last + 1),
                "usd" | "eur" | "gbp" | "dollars" | "euros" | "pounds" | "bucks" | "reais" | "euro"
            );
        (sign_before || sign_after || word_after).then_some(value)
    })
}

fn is_currency(c: char) -> bool {
    matches!(c, '$' | '£' | '€' | '¥' | '₹')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_row_decodes() {
        for (tag, phrase) in packed::rows(PHRASES) {
            assert!(!phrase.is_empty(), "an empty phrase under {tag:?}");
            assert!(mark(tag).is_some(), "tag {tag:?} of {phrase:?}");
        }
    }

    fn at_stake(text: &str) -> bool {
        Stakes::default().at_stake(&Tokens::new(text))
    }

    #[test]
    fn deadlines_ahead_are_at_stake() {
        for text in [
            "the launch is on Thursday",
            "I need the new card by friday",
            "our audit is next Monday",
            "I have to file this tonight",
            "el pago vence el viernes",
            "il me le faut avant vendredi",
            "ich brauche das bis Freitag",
            "preciso disso amanhã",
            "it's urgent",
            "my deadline is Thursday",
        ] {
            assert!(at_stake(text), "{text:?}");
        }
    }

    #[test]
    fn weekdays_told_as_past_are_not() {
        for text in [
            "it has been stuck since Monday",
            "I called last Tuesday",
            "same message on Friday. And Saturday. And again yesterday.",
            "I reported it on Wednesday, three days ago",
            "esta parado desde el lunes",
            "je l'ai signalé depuis mardi",
            "seit Montag geht nichts",
        ] {
            assert!(!at_stake(text), "{text:?}");
        }
        // An ahead cue wins over a past marker in the same message.
        assert!(at_stake("it broke yesterday and I need it fixed by Friday"));
        // A span of weekdays is a schedule, "today is Tuesday" states the date.
        for text in [
            "support is open Monday to Friday",
            "the plan covers Mo, Tuesday and Wednesday only",
            "the spare key is from Friday's delivery",
            "hoy es martes y sigue sin funcionar",
            "today is Thursday and the door still won't open",
            "Guten Morgen! Die Tür geht nicht auf",
            "llamé esta mañana y nadie contestó",
        ] {
            assert!(!at_stake(text), "{text:?}");
        }
        assert!(at_stake("I need it this Friday or Saturday"));
    }

    #[test]
    fn own_money_is_at_stake_a_quoted_price_is_not() {
        assert!(at_stake("they took $240 twice"));
        assert!(at_stake("the deposit of 800 € is still held"));
        assert!(at_stake("I was billed 1,250.00 dollars"));
        assert!(!at_stake("I have 30 sites and 2 stores"));
        let mut stakes = Stakes::default();
        stakes.observe_bot(&Tokens::new(
            "A priority reissue costs $25, or $1,250.00 for the whole batch.",
        ));
        assert!(!stakes.at_stake(&Tokens::new("I won't pay $25 for your mistake")));
        assert!(!stakes.at_stake(&Tokens::new("1,250 dollars?? no way")));
        assert!(stakes.at_stake(&Tokens::new("I won't pay $25, you already took $90")));
    }

    #[test]
    fn many_people_affected_but_not_moved() {
        assert!(at_stake("23 employees can't see their pay stubs"));
        assert!(at_stake("now 40 customers are emailing me"));
        assert!(at_stake("12 alumnos no pueden entrar"));
        assert!(!at_stake("2 users can't log in"));
        assert!(!at_stake("we need to move all 45 users to the new entity"));
        assert!(!at_stake("how do I invite 15 members to the workspace?"));
        assert!(!at_stake(
            "I'd like to import our 300 customers from a spreadsheet"
        ));
    }
}
