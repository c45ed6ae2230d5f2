//! Stakes: what a customer says is at risk, which raises a handoff's priority (the engine
//! decides when it counts). Three classes, read per customer message: the customer's own money
//! (an amount they report, not a price the bot quoted and they repeat), a deadline ahead ("by
//! Friday", "tomorrow", "asap"; a weekday told as past, "since Monday", "said so on Saturday
//! and yesterday", a span, "Monday to Friday", or the date stated, "today is Tuesday", is
//! none), and ten or more people affected ("23 employees can't log in", but not the object of
//! an operation, "move all 45 users"). One look-up per word in a small set keyed by the hash
//! each word already has (no phrase table: the shipped wasm stays small), no I/O.

use super::lexicon::{is_currency, Tokens, CURRENCY_WORDS};
use super::packed;
use super::wordset::HashBits;

/// What a word of [`WORDS`] marks, as bits.
const DEADLINE: u16 = 1;
/// A day close by ("today", "tomorrow"): a deadline unless it states the date ("today is
/// Tuesday") or is part of a greeting or a time of day ("guten Morgen", "por la mañana").
const DAY: u16 = 2;
/// A weekday: a deadline unless told as past.
const WEEKDAY: u16 = 4;
/// A span of time that is ahead only after an ahead cue ("this week", "esta noche").
const SPAN: u16 = 8;
/// Before a weekday or span, makes it ahead ("by", "before", "next").
const AHEAD: u16 = 16;
/// Before a weekday, makes it past ("since", "last").
const SINCE: u16 = 32;
/// Anywhere in the message, makes its bare weekdays past ("yesterday", "ago").
const PAST: u16 = 64;
/// People who can be affected ("employees", "clientes").
const PEOPLE: u16 = 128;
/// An operation whose object is people, not harm to them ("move", "invite").
const OPERATION: u16 = 256;

/// Built-in words, packed ([`super::packed`]): groups `letter:word|…;`, the letter `d`
/// (deadline), `y` (day), `w` (weekday), `n` (span), `a` (ahead), `s` (since), `p` (past), `m`
/// (people) or `o` (operation); in English, Spanish, French, German and Portuguese. Single
/// words, stemmed as messages are; two-word expressions are read from their parts ("this
/// week": an ahead cue and a span; "sexta-feira": "feira" is a weekday).
const WORDS: &str = concat!(
    "d:deadline|asap|urgent|urgently|eod|urgente|dringend|prazo|plazo|frist;",
    "y:today|tonight|tomorrow|hoy|manana|aujourd'hui|demain|heute|morgen|hoje|amanha;",
    "w:monday|tuesday|wednesday|thursday|friday|saturday|sunday|lunes|martes|miercoles|",
    "jueves|viernes|sabado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|",
    "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|feira;",
    "n:week|weekend|semana|semaine|woche|noche|soir|abend|noite;",
    "a:by|before|until|till|next|this|coming|due|antes|hasta|este|esta|avant|d'ici|jusqu'a|",
    "ce|cette|bis|vor|diese|diesen|kommenden|ate|proximo|proxima;",
    "s:since|last|from|desde|depuis|seit|letzten|dernier|pasado|passado;",
    "p:yesterday|ago|ayer|gestern|ontem|pasada|passada|derniere|letzte;",
    "m:people|person|employees|staff|users|customers|clients|members|students|patients|",
    "guests|drivers|agents|personas|empleados|usuarios|clientes|alumnos|personnes|",
    "employes|utilisateurs|eleves|leute|mitarbeiter|nutzer|kunden|pessoas|funcionarios|",
    "alunos;",
    "o:move|moving|add|adding|invite|inviting|migrate|migrating|import|importing|onboard|",
    "onboarding|transfer|transferring|create|creating|mover|migrar|anadir|invitar|deplacer|",
    "ajouter|inviter|migrer|verschieben|hinzufugen|einladen|migrieren|adicionar|convidar;",
);

/// Words that may stand between a cue and a weekday ("desde el lunes", "bis zum Freitag").
const ARTICLES: &[&str] = &[
    "the", "el", "del", "de", "le", "la", "o", "a", "am", "zum", "dem", "den",
];

/// Words before a day word that make it a greeting or a time of day ("guten Morgen", "por la
/// mañana", "esta mañana").
const NOT_A_DAY: &[&str] = &["guten", "la", "esta"];

/// Reads a packed tag.
fn bits(tag: &str) -> Option<u16> {
    Some(match tag {
        "d" => DEADLINE,
        "y" => DAY,
        "w" => WEEKDAY,
        "n" => SPAN,
        "a" => AHEAD,
        "s" => SINCE,
        "p" => PAST,
        "m" => PEOPLE,
        "o" => OPERATION,
        _ => return None,
    })
}

/// The compiled word set, keyed by the stemmed word's hash, once per process on first use.
fn words() -> &'static HashBits {
    static SET: std::sync::OnceLock<HashBits> = std::sync::OnceLock::new();
    SET.get_or_init(|| {
        HashBits::new(packed::rows(WORDS).filter_map(|(tag, w)| {
            let t = Tokens::new(w);
            (t.len() == 1).then(|| Some((t.hash(0), bits(tag)?)))?
        }))
    })
}

/// The amounts a conversation's bot has quoted, so that a customer repeating one (a price,
/// an upsell) does not read as their own money at stake. Kept to a few: a bot quoting more
/// is reciting a price list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Stakes {
    quoted: Vec<u32>,
}

/// Amounts a bot may quote that [`Stakes`] remembers.
const MAX_QUOTED: usize = 16;

impl Stakes {
    /// Remembers the amounts in a bot message.
    #[inline(never)]
    pub fn observe_bot(&mut self, tokens: &Tokens) {
        if !money(tokens) {
            return;
        }
        let quoted = &mut self.quoted;
        amounts(tokens.text(), &mut |amount| {
            if quoted.len() < MAX_QUOTED && !quoted.contains(&amount) {
                quoted.push(amount);
            }
        });
    }

    /// What a customer message says is at stake, as bits: [`OWN_MONEY`], [`TIME_AHEAD`],
    /// [`MANY_PEOPLE`] (0 for nothing).
    #[inline(never)]
    pub fn kinds(&self, tokens: &Tokens) -> u8 {
        let own = money(tokens) && {
            let mut own = false;
            amounts(tokens.text(), &mut |a| own |= !self.quoted.contains(&a));
            own
        };
        (u8::from(own) * OWN_MONEY) | time_ahead_or_people(tokens)
    }
}

/// An amount of the customer's own ([`Stakes::kinds`]).
pub const OWN_MONEY: u8 = 1;
/// A deadline ahead ([`Stakes::kinds`]).
pub const TIME_AHEAD: u8 = 2;
/// Ten or more people affected ([`Stakes::kinds`]).
pub const MANY_PEOPLE: u8 = 4;

/// Whether the words name a time ahead ([`TIME_AHEAD`]) or ten or more people affected
/// ([`MANY_PEOPLE`]), as bits (see the module doc).
#[inline(never)]
fn time_ahead_or_people(tokens: &Tokens) -> u8 {
    let set = words();
    let word_bits = |i: usize| set.get(tokens.hash(i));
    // The bits of the word before `i`, or before an article before it.
    let cue = |i: usize| {
        let Some(b) = i.checked_sub(1) else {
            return 0;
        };
        let bits = word_bits(b);
        if bits & (AHEAD | SINCE) == 0 && b > 0 && ARTICLES.contains(&tokens.word(b)) {
            word_bits(b - 1)
        } else {
            bits
        }
    };
    let mut past = false;
    let mut found = 0;
    // Bare weekdays: their count, and whether the message states the date or names a span.
    let (mut bare, mut plain) = (false, true);
    let mut last_weekday = None;
    for i in 0..tokens.len() {
        let bits = word_bits(i);
        if bits == 0 {
            continue;
        }
        past |= bits & PAST != 0;
        if bits & DEADLINE != 0 {
            found |= TIME_AHEAD;
        }
        if bits & DAY != 0 {
            let other = i > 0 && NOT_A_DAY.contains(&tokens.word(i - 1));
            // "today is Tuesday", "hoy es martes": the date, not a due time.
            let stated = i + 2 < tokens.len() && word_bits(i + 2) & WEEKDAY != 0;
            if !other && !stated {
                found |= TIME_AHEAD;
            }
        }
        if bits & (WEEKDAY | SPAN) != 0 {
            let before = cue(i);
            if before & AHEAD != 0 {
                found |= TIME_AHEAD;
            }
            if bits & WEEKDAY != 0 && before & SINCE == 0 {
                // Two weekdays close together name a span ("Monday to Friday"), and a
                // weekday right after a day word states the date.
                let near = last_weekday.is_some_and(|w: usize| w + 3 >= i);
                let dated = i >= 2 && word_bits(i - 2) & DAY != 0;
                plain &= !near && !dated;
                bare = true;
            }
            if bits & WEEKDAY != 0 {
                last_weekday = Some(i);
            }
        }
        if bits & PEOPLE != 0 && many_people_at(tokens, i, &word_bits) {
            found |= MANY_PEOPLE;
        }
        if found == TIME_AHEAD | MANY_PEOPLE {
            return found;
        }
    }
    if bare && plain && !past {
        found |= TIME_AHEAD;
    }
    found
}

/// Whether the people word at `at` follows a number of ten or more ("23 employees") that is
/// not the object of an operation: an operation verb right before the number, or before a
/// determiner and the number ("move all 45 users", "invite our 12 agents").
fn many_people_at(tokens: &Tokens, at: usize, word_bits: &dyn Fn(usize) -> u16) -> bool {
    const DETERMINERS: &[&str] = &["all", "our", "the", "my", "these", "those", "los", "les"];
    let Some(number) = at.checked_sub(1) else {
        return false;
    };
    let word = tokens.word(number);
    if word.len() > 7 || !digits(word) || word.parse::<u32>().map_or(true, |n| n < 10) {
        return false;
    }
    let op = |i: usize| word_bits(i) & OPERATION != 0;
    let object = number > 0
        && (op(number - 1)
            || (DETERMINERS.contains(&tokens.word(number - 1)) && number > 1 && op(number - 2)));
    !object
}

fn digits(word: &str) -> bool {
    !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit())
}

/// Whether a text may hold an amount: the tokeniser saw one ("$38", "800 €", "12 EUR"), so
/// texts without money skip [`amounts`].
fn money(tokens: &Tokens) -> bool {
    tokens.money > 0
}

/// Calls `f` with each currency amount in a text, as a fingerprint of its digits in whole
/// units ("$1,250.00" and "1250 USD" give the same): a number, with its groups, that has a
/// currency sign before or after it ("$38", "800 €") or a currency word after it ("12 EUR").
/// One pass over the bytes, not generic and not inlined: the bot's messages and the
/// customer's share one copy.
#[inline(never)]
fn amounts(text: &str, f: &mut dyn FnMut(u32)) {
    let b = text.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let mut i = 0;
    while i < b.len() {
        if !digit(i) || (i > 0 && (digit(i - 1) || b[i - 1].is_ascii_alphabetic())) {
            i += 1;
            continue;
        }
        let start = i;
        let mut value = 0u32;
        loop {
            if digit(i) {
                value = value.wrapping_mul(10).wrapping_add(u32::from(b[i] - b'0'));
                i += 1;
            } else if matches!(b.get(i), Some(b',' | b'.')) && digit(i + 1) {
                // Cents ("$1,250.00", "9,99 €") are not part of the fingerprint, so a price
                // the bot quoted with cents matches the customer repeating it without.
                if digit(i + 2) && !digit(i + 3) {
                    i += 3;
                    break;
                }
                i += 1;
            } else {
                break;
            }
        }
        // The characters right before and after, past one space.
        let before = text.get(..start).unwrap_or("");
        let before = before.strip_suffix(' ').unwrap_or(before);
        let after = text.get(i..).unwrap_or("");
        let after = after.strip_prefix(' ').unwrap_or(after);
        // A whole word: "dollars", "EUR", but not "buckets".
        let word_after = CURRENCY_WORDS.iter().any(|w| {
            after
                .get(..w.len())
                .is_some_and(|a| a.eq_ignore_ascii_case(w))
                && !after
                    .as_bytes()
                    .get(w.len())
                    .is_some_and(u8::is_ascii_alphanumeric)
        });
        if before.chars().next_back().is_some_and(is_currency)
            || after.chars().next().is_some_and(is_currency)
            || word_after
        {
            f(value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_row_decodes() {
        for (tag, word) in packed::rows(WORDS) {
            assert!(!word.is_empty(), "an empty word under {tag:?}");
            assert!(bits(tag).is_some(), "tag {tag:?} of {word:?}");
            assert_eq!(Tokens::new(word).len(), 1, "{word:?} is not one word");
        }
    }

    fn at_stake(text: &str) -> bool {
        Stakes::default().kinds(&Tokens::new(text)) != 0
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
        assert!(at_stake("they charged me 300 bucks"));
        assert!(at_stake("le remboursement de 9,99 € n'est jamais arrivé"));
        assert!(at_stake("they kept 40 EUR of my deposit"));
        assert!(!at_stake("flight BC212 boards at gate 15, seat 23A"));
        let mut stakes = Stakes::default();
        stakes.observe_bot(&Tokens::new(
            "A priority reissue costs $25.00, or $1,250.00 for the whole batch.",
        ));
        assert_eq!(
            stakes.kinds(&Tokens::new("I won't pay $25 for your mistake")),
            0
        );
        assert_eq!(stakes.kinds(&Tokens::new("1,250 dollars?? no way")), 0);
        assert_eq!(stakes.kinds(&Tokens::new("25,00 € for a reissue??")), 0);
        assert_ne!(
            stakes.kinds(&Tokens::new("I won't pay $25, you already took $90")),
            0
        );
    }

    fn all_amounts(text: &str) -> Vec<u32> {
        let mut found = Vec::new();
        amounts(text, &mut |a| found.push(a));
        found
    }

    #[test]
    fn amounts_in_whole_units_with_a_currency() {
        assert_eq!(all_amounts("$1,250.00 or 1,250 dollars"), [1250, 1250]);
        assert_eq!(all_amounts("9,99 € then 12.50€"), [9, 12]);
        assert_eq!(all_amounts("1.250 EUR, 40 euros"), [1250, 40]);
        assert_eq!(all_amounts("12 buckets at 5 € each"), [5]);
        assert_eq!(all_amounts("3 poundcakes, 2 dollarstores"), [] as [u32; 0]);
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
