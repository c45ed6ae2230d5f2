//! Loops: the bot answering with a near-copy of one of its earlier answers, and the customer
//! restating the same question. Each message is reduced once to a fingerprint (the sorted,
//! de-duplicated hashes of its content words) and compared with the few most recent
//! fingerprints of the same role, so the work per message stays bounded whatever the length of
//! the conversation. A bot repeat is confirmed by the customer's next message (unless that
//! message says the problem is solved).

use super::lexicon::{fnv1a, Tokens};
use crate::core::text::fold_char;
use crate::core::word_list::words;
use std::sync::OnceLock;

/// How many earlier fingerprints per role are kept for comparison.
const MEMORY: usize = 6;

/// Words too common to say what a message is about.
const STOPWORDS: &[&str] = &[
    "the", "and", "you", "your", "for", "are", "can", "with", "this", "that", "not", "but", "its",
    "it's", "was", "have", "has", "had", "our", "out", "from", "any", "all", "what", "when", "how",
    "who", "why", "where", "which", "will", "would", "could", "should", "there", "then", "than",
    "them", "they", "their", "just", "also", "into", "about", "been", "more", "some", "one", "get",
    "got", "please", "thank", "thanks", "sorry", "hello", "here", "yes", "did", "don't", "i'm",
    "i've", "we're", "you'll", "we'll", "you're", "let", "may", "might", "make", "able", "sure",
    "does", "doe", "once",
];

/// A message's content-word fingerprint, plus the menu paths it names ("Settings >
/// Notifications"), which bots repeat even when they rephrase the rest, plus one bit per
/// content word's hash modulo 128 (`Fingerprint::restates`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fingerprint(Vec<u32>, Vec<u32>, u128);

/// At most this many `>` separators are read per message.
const MAX_PATH_STEPS: usize = 16;

/// Hashes of the steps of menu paths in `text`: for each `>`, the word before and the word
/// after it, folded.
fn path_steps(text: &str) -> Vec<u32> {
    let mut steps = Vec::new();
    for (i, _) in text.match_indices('>').take(MAX_PATH_STEPS) {
        let before: Vec<char> = text
            .get(..i)
            .unwrap_or("")
            .trim_end()
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric())
            .collect();
        let after = text
            .get(i + 1..)
            .unwrap_or("")
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric());
        let mut step = String::new();
        step.extend(before.iter().rev().map(|&c| fold_char(c)));
        step.push('>');
        step.extend(after.map(fold_char));
        if step.len() > 2 && !step.starts_with('>') && !step.ends_with('>') {
            steps.push(fnv1a(step.as_bytes()));
        }
    }
    crate::core::sort::sort_u32(&mut steps);
    steps.dedup();
    steps
}

/// Slots of the stop-word table (a power of two, several times the number of stop words, so
/// that most words that are not one land on an empty slot at once).
const STOP_SLOTS: usize = 512;

/// The first slot of a word hash: its top bits (FNV-1a mixes the last byte into the low bits
/// only weakly).
fn stop_slot(h: u32) -> usize {
    (h >> (32 - STOP_SLOTS.trailing_zeros())) as usize
}

/// The stop words as an open-addressing table keyed by their FNV-1a hashes (as [`Tokens`]
/// hashes words): a word is looked up from its hash in a probe or two, and compared only on
/// an equal hash. Built on first use.
struct Stopwords {
    /// Index + 1 into `words` per slot, 0 for an empty slot.
    slots: [u16; STOP_SLOTS],
    /// (hash, word).
    words: Vec<(u32, &'static str)>,
}

impl Stopwords {
    fn get() -> &'static Stopwords {
        static SET: OnceLock<Stopwords> = OnceLock::new();
        SET.get_or_init(|| {
            let words: Vec<(u32, &'static str)> = words!(STOPWORDS)
                .iter()
                .map(|w| (fnv1a(w.as_bytes()), w))
                .collect();
            let mut slots = [0u16; STOP_SLOTS];
            for (n, &(h, _)) in words.iter().enumerate() {
                let mut slot = stop_slot(h);
                while slots[slot] != 0 {
                    slot = (slot + 1) % STOP_SLOTS;
                }
                slots[slot] = n as u16 + 1;
            }
            Stopwords { slots, words }
        })
    }

    /// Whether word `i` of `tokens`, of FNV-1a hash `h` (as [`Tokens`] hashes it), is a stop
    /// word: the slots from the hash's own on, up to an empty one, the word compared on an
    /// equal hash.
    fn contains(&self, tokens: &Tokens, i: usize, h: u32) -> bool {
        let mut slot = stop_slot(h);
        loop {
            let n = usize::from(self.slots[slot % STOP_SLOTS]);
            let Some(&(k, w)) = n.checked_sub(1).and_then(|n| self.words.get(n)) else {
                return false;
            };
            if k == h && w == tokens.word(i) {
                return true;
            }
            slot += 1;
        }
    }
}

impl Fingerprint {
    /// The fingerprint of a tokenised message: words of three characters or more (or numbers)
    /// that are not stop words, hashed.
    pub fn new(tokens: &Tokens) -> Fingerprint {
        let mut hashes: Vec<u32> = Vec::with_capacity(tokens.len());
        let stopwords = Stopwords::get();
        for (i, &h) in tokens.hashes().iter().enumerate() {
            let content = if tokens.word_len(i) >= 3 {
                !stopwords.contains(tokens, i, h)
            } else {
                tokens.word(i).bytes().all(|b| b.is_ascii_digit())
            };
            if content {
                hashes.push(h);
            }
        }
        crate::core::sort::sort_u32(&mut hashes);
        hashes.dedup();
        let bits = hashes.iter().fold(0u128, |bits, &h| bits | 1 << (h % 128));
        Fingerprint(hashes, Vec::new(), bits)
    }

    /// The fingerprint of a bot message: its content words and its menu paths.
    pub fn with_paths(tokens: &Tokens, text: &str) -> Fingerprint {
        let mut fp = Fingerprint::new(tokens);
        fp.1 = path_steps(text);
        fp
    }

    /// Whether both name a common menu path step.
    pub fn shares_path(&self, other: &Fingerprint) -> bool {
        self.1.iter().any(|h| other.1.contains(h))
    }

    /// Number of distinct content words.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no content words.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// (shared words, overlap coefficient, Jaccard index) with another fingerprint.
    pub fn similarity(&self, other: &Fingerprint) -> (usize, f32, f32) {
        let (a, b) = (&self.0, &other.0);
        let (mut i, mut j, mut shared) = (0, 0, 0);
        // A merge of the two sorted lists, without branches on the comparison: the smaller
        // side moves on, both do when equal.
        while let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
            shared += usize::from(x == y);
            i += usize::from(x <= y);
            j += usize::from(y <= x);
        }
        let min = a.len().min(b.len());
        let union = a.len() + b.len() - shared;
        if min == 0 {
            return (0, 0.0, 0.0);
        }
        (
            shared,
            shared as f32 / min as f32,
            shared as f32 / union as f32,
        )
    }
}

impl Fingerprint {
    /// Whether this customer message restates an earlier one: [`restated`] of
    /// [`Fingerprint::similarity`]. Two messages whose hash bits do not meet share no word,
    /// which restates nothing: most pairs are told apart so, without the merge.
    fn restates(&self, earlier: &Fingerprint) -> bool {
        if self.2 & earlier.2 == 0 {
            return false;
        }
        let (shared, overlap, _) = self.similarity(earlier);
        restated(shared, overlap)
    }
}

/// Whether two bot answers are near-copies.
fn near_copy(shared: usize, overlap: f32, jaccard: f32) -> bool {
    // Short answers need every content word of the shorter one to recur.
    (shared >= 4 && overlap >= 0.6 && jaccard >= 0.4)
        || (shared >= 3 && overlap >= 0.99 && jaccard >= 0.35)
}

/// Whether a customer message restates an earlier one.
fn restated(shared: usize, overlap: f32) -> bool {
    shared >= 3 && overlap >= 0.4
}

/// The running loop state of one conversation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Loops {
    bot: Vec<Fingerprint>,
    customer: Vec<Fingerprint>,
    /// A bot repeat not yet answered by the customer: (bot message index, earlier index).
    pending: Option<(usize, usize)>,
    /// Bot repeats confirmed so far.
    repeats: u32,
    /// Customer restatements so far.
    restatements: u32,
    level: f32,
    evidence: Option<(usize, String)>,
    bot_indices: Vec<usize>,
    customer_indices: Vec<usize>,
    /// The last customer message was satisfied with the previous answer (and may have moved
    /// on to a new question), so a similar bot answer next is no repeat.
    moved_on: bool,
    /// Confirmations whose customer message pushed back ("I just told you").
    pushbacks: u32,
}

/// What the engine knows about a customer message, from the other signals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Turn {
    /// The customer says the problem is solved and asks nothing more.
    pub resolved: bool,
    /// The customer is satisfied with the last answer (possibly asking something new).
    pub satisfied: bool,
    /// The customer pushes back on the last answer or shows frustration.
    pub pushback: bool,
}

impl Loops {
    /// Observes a bot message (its words and its text, for menu paths).
    pub fn observe_bot(&mut self, index: usize, tokens: &Tokens, text: &str) {
        let fp = Fingerprint::with_paths(tokens, text);
        for (earlier, &at) in self.bot.iter().zip(&self.bot_indices) {
            let (shared, overlap, jaccard) = fp.similarity(earlier);
            // The same menu path with mostly the same words is the same answer rephrased.
            let same_path = fp.shares_path(earlier) && shared >= 2 && overlap >= 0.5;
            if !self.moved_on && (near_copy(shared, overlap, jaccard) || same_path) {
                self.pending = Some((index, at));
                break;
            }
        }
        self.moved_on = false;
        remember(&mut self.bot, &mut self.bot_indices, fp, index);
    }

    /// Observes a customer message and what the other signals read in it. Returns the new
    /// level in [0, 1].
    pub fn observe_customer(&mut self, index: usize, tokens: &Tokens, turn: Turn) -> f32 {
        let fp = Fingerprint::new(tokens);
        self.moved_on = turn.satisfied;
        if turn.resolved {
            self.pending = None;
            self.level *= 0.3;
            remember(&mut self.customer, &mut self.customer_indices, fp, index);
            return self.level;
        }
        let mut restatement = None;
        // A restatement shares at least three words: a shorter fingerprint restates nothing.
        let comparable = if fp.len() >= 3 {
            &self.customer[..]
        } else {
            &[]
        };
        for (earlier, &at) in comparable.iter().zip(&self.customer_indices) {
            if fp.restates(earlier) {
                restatement = Some(at);
            }
        }
        if let Some(earlier) = restatement {
            self.restatements += 1;
            if self.evidence.is_none() {
                self.evidence = Some((index, format!("customer restates message {}", earlier + 1)));
            }
        }
        if let Some((bot, earlier)) = self.pending.take() {
            self.repeats += 1;
            if turn.pushback {
                self.pushbacks += 1;
            }
            self.evidence = Some((
                index,
                format!("bot message {} repeats message {}", bot + 1, earlier + 1),
            ));
        }
        let level = if self.repeats > 0 {
            0.5 + 0.2 * (self.repeats - 1) as f32
                + 0.15 * self.restatements.min(2) as f32
                + 0.15 * self.pushbacks.min(1) as f32
        } else {
            0.3 * self.restatements as f32
        };
        self.level = level.min(1.0);
        remember(&mut self.customer, &mut self.customer_indices, fp, index);
        self.level
    }

    /// The current level in [0, 1].
    pub fn level(&self) -> f32 {
        self.level
    }

    /// The message index and description of the latest loop evidence.
    pub fn evidence(&self) -> Option<&(usize, String)> {
        self.evidence.as_ref()
    }
}

fn remember(list: &mut Vec<Fingerprint>, indices: &mut Vec<usize>, fp: Fingerprint, index: usize) {
    if fp.len() < 3 {
        return;
    }
    if list.len() == MEMORY {
        list.remove(0);
        indices.remove(0);
    }
    list.push(fp);
    indices.push(index);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fp(s: &str) -> Fingerprint {
        Fingerprint::new(&Tokens::new(s))
    }

    #[test]
    fn stop_word_table_finds_every_stop_word_and_nothing_else() {
        let set = Stopwords::get();
        // Mostly empty slots: a probe for another word ends at once, and always ends.
        assert!(set.words.len() * 3 < STOP_SLOTS, "{}", set.words.len());
        let mut found = 0;
        for w in words!(STOPWORDS).iter() {
            // Words are compared as the tokens stem them ("it's" stems to "it").
            let t = Tokens::new(w);
            if t.len() == 1 && t.word(0) == w {
                assert!(set.contains(&t, 0, t.hash(0)), "{w}");
                found += 1;
            }
        }
        assert!(found > 60, "{found}");
        for w in ["refund", "password", "human", "thee", "an", "zzz"] {
            let t = Tokens::new(w);
            assert!(!set.contains(&t, 0, t.hash(0)), "{w}");
        }
    }

    #[test]
    fn near_copies_are_recognised() {
        let a = fp("You can cancel a transfer within 30 minutes of sending for a full refund. Go to Activity > select transfer > Cancel.");
        let b = fp("Transfers can be cancelled within 30 minutes of sending. Go to Activity > select the transfer > Cancel.");
        let (s, o, j) = a.similarity(&b);
        assert!(near_copy(s, o, j), "{s} {o} {j}");
        let c =
            fp("Keep text and logos at least 3 mm inside the trim line so nothing gets cut off.");
        let (s, o, j) = a.similarity(&c);
        assert!(!near_copy(s, o, j));
    }

    #[test]
    fn same_menu_path_rephrased_is_a_repeat() {
        let a = "You can manage notifications in Settings > Notifications.";
        let b = "Notification preferences can be changed under Settings > Notifications.";
        let mut l = Loops::default();
        l.observe_bot(1, &Tokens::new(a), a);
        l.observe_bot(3, &Tokens::new(b), b);
        assert!(l.observe_customer(4, &Tokens::new("it's not there"), Turn::default()) >= 0.5);
        let c = "Open Settings > Billing to see invoices.";
        let mut l = Loops::default();
        l.observe_bot(1, &Tokens::new(a), a);
        l.observe_bot(3, &Tokens::new(c), c);
        assert_eq!(
            l.observe_customer(4, &Tokens::new("it's not there"), Turn::default()),
            0.0
        );
        assert!(path_steps(">> > x >").is_empty());
        assert_eq!(path_steps("Settings > Users > Add").len(), 2);
    }

    #[test]
    fn a_similar_answer_to_a_new_question_is_no_repeat() {
        let a = "Yes: Settings > Invoices > Template > Font.";
        let b = "Yes, under Settings > Invoices > Template > Logo.";
        let mut l = Loops::default();
        l.observe_bot(1, &Tokens::new(a), a);
        let moved_on = Turn {
            satisfied: true,
            ..Turn::default()
        };
        l.observe_customer(2, &Tokens::new("nice, and can I add a logo?"), moved_on);
        l.observe_bot(3, &Tokens::new(b), b);
        assert_eq!(
            l.observe_customer(4, &Tokens::new("hmm"), Turn::default()),
            0.0
        );
    }

    #[test]
    fn bot_repeat_is_confirmed_by_the_customer() {
        let mut l = Loops::default();
        let t = Tokens::new;
        l.observe_customer(0, &t("when will my pre-order ship?"), Turn::default());
        let bot = "Orders usually ship within 1-2 business days with tracking by email.";
        l.observe_bot(1, &t(bot), bot);
        l.observe_customer(
            2,
            &t("it's a pre-order, when is the release date?"),
            Turn::default(),
        );
        let bot = "Most orders ship within 1-2 business days, with tracking by email.";
        l.observe_bot(3, &t(bot), bot);
        assert_eq!(l.level(), 0.0);
        let level = l.observe_customer(
            4,
            &t("that can't be right for a pre-order"),
            Turn::default(),
        );
        assert!(level >= 0.5, "{level}");
        assert_eq!(l.evidence().unwrap().0, 4);
        let done = Turn {
            resolved: true,
            satisfied: true,
            pushback: false,
        };
        let level = l.observe_customer(5, &t("ok got it, thanks"), done);
        assert!(level < 0.2);
    }
}
