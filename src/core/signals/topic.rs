//! Topics: which team (skill) a text is about. A compiled keyword table per skill (built-in
//! English, Spanish, French, German and Portuguese keywords plus the policy's own), scored by
//! summed keyword weights. `general` is what is left when no other skill has evidence.

use super::lexicon::{PhraseTable, Tokens};
use super::packed;
use crate::core::decision::Skill;

/// Skills other than `general`, in the order of [`SkillScores`]'s slots, which is also the
/// order that breaks ties: security first (a tie with security should reach the team that can
/// lock an account), sales last.
pub const SCORED: [Skill; 5] = [
    Skill::Security,
    Skill::Billing,
    Skill::Technical,
    Skill::Account,
    Skill::Sales,
];

/// Summed keyword weights per skill, in the order of [`SCORED`].
pub type SkillScores = [f32; 5];

/// Built-in keywords, packed ([`super::packed`]): groups `skill weight:phrase|…;`, the weight
/// in hundredths. Strong, unambiguous words weigh 2, weaker or shared ones 1; a negative
/// weight cancels a keyword inside a phrase that gives it another sense.
const KEYWORDS: &str = concat!(
    // Billing: money that was or will be taken.
    "billing 200:invoice|bill|billing|charge|overcharged|chargeback;",
    // A refund the bot offers is its remedy, not the customer's topic.
    "billing 200 own:refund|money back|reimburse|reimbursement;",
    "billing 150:payment;",
    // A price or fee the bot quotes is not the customer's topic: these count in the
    // customer's own words only.
    "billing 50 own:paid|pay;",
    "billing 150 own:fee|fees;",
    "billing 150:subscription;",
    // Charged, in the other languages' words for money taken from an account.
    "billing 150:preleve|prelevee|abgebucht;",
    "billing 100:renewal;",
    // A receipt is mostly a slip of paper ("someone else's name is on the receipt").
    "billing 50:receipt;",
    "billing 200:credit card;",
    "billing 150:debit card;",
    "billing 100:my card;",
    "billing 50:card;",
    // A courier's card through the door is a delivery notice, not a means of payment.
    "billing -50:card through|left a card|calling card|delivery card;",
    "billing 50 own:price|cost;",
    // Asking whether something is free is a question about the service, not about a bill.
    "billing -150:without a fee|no fee;",
    "billing -50:have to pay|need to pay|for free|free of charge|at no cost|no extra cost;",
    "billing 100:roaming;",
    "billing 50:transfer;",
    "billing 100:recipient;",
    "billing 200:overdraft;",
    "billing 150:iban;",
    "billing 200:direct debit|lastschrift;",
    "billing 150:zahlungsdaten;",
    "billing 200:prelevement;",
    "billing 150:domiciliacion;",
    "billing 100:shipping cost;",
    "billing 150:dispute;",
    "billing 100:billing team;",
    "billing 150:accounts payable;",
    "billing 200:factura|reembolso|cobro|cobrado;",
    "billing 150:pago;",
    "billing 200:facture|remboursement;",
    // French "se charger" (to load, to take care of) and "prise en charge" are no charge.
    "billing -200:se charge|prise en charge;",
    "billing 150:paiement;",
    "billing 200:rechnung|erstattung;",
    "billing 150:zahlung;",
    "billing 200:fatura|cobranca;",
    "billing 150:pagamento;",
    // Money held or returned: deposits, card holds and pre-authorisations, pay deposited or
    // sent by cheque, bounced or returned payments (payroll as such is software, not money).
    "billing 150:deposit|deposito|depot;",
    "billing 200:security deposit|direct deposit|pre authorization|pre authorisation|",
    "preauthorization|preauthorisation|pre auth|preauth|authorization hold|card hold|",
    "hold on my card|depot de garantie|pre autorisation|preautorisation|empreinte bancaire|",
    "fianza|preautorizacion|kaution|vorautorisierung|caucao|pre autorizacao;",
    "billing 50:bounced;",
    "billing 100:paycheck|paycheque|ma carte|",
    "mi tarjeta|meine karte|meu cartao|virement|uberweisung;",
    "billing 150:paper check|cheque|carte bancaire|kreditkarte|tarjeta de credito|",
    "cartao de credito;",
    "billing 200:returned payment|payment returned|payment bounced|bounced payment|",
    "bounced check|rejected payment|payment was returned|pago devuelto|pago rechazado|",
    "recibo devuelto|paiement rejete|prelevement rejete|rucklastschrift|zuruckgebucht|",
    "pagamento devolvido|cheque devolvido;",
    // Money given back under another name, and what leaving early costs.
    "billing 150 own:compensation|restitution|rebate|penalty|penalties|early termination|",
    "compensacion|indemnizacion|penalizacion|dedommagement|indemnisation|penalite|",
    "entschadigung|ruckerstattung|vertragsstrafe|ressarcimento|indenizacao|estorno|multa;",
    // Money moved, added, taken out or exchanged, and the rate it was changed at. Money the
    // bot mentions ("you'll get the money back") is its remedy, not the customer's topic.
    "billing 100 own:money|funds|dinero|argent|geld|dinheiro;",
    "billing 100:transaction|currency|currencies|withdrawal|withdraw|withdrew|bank transfer|",
    "wire transfer|transferencia|divisa|devise|wahrung|retiro|retrait|abhebung|saque;",
    "billing 150:top up|topup|top ups|exchange rate|conversion rate|recarga|rechargement|",
    "aufladung|tipo de cambio|taux de change|wechselkurs|taxa de cambio;",
    // "atm" is also chat for "at the moment": alone it is no evidence.
    "billing 50:cash|atm;",
    // A payment that failed or was wrong: the money is the subject, the error how it shows.
    "billing 100:wrong amount|incorrect amount|payment error|error with payment|payment failed|",
    "failed payment|transfer failed|failed transfer|transaction failed|can't pay|cant pay|",
    "unable to pay|pago fallido|erreur de paiement|zahlungsfehler|erro no pagamento;",
    // Money owed: what is due and when ("is due" is not: "the flight is due to land").
    "billing 150:owe|owed|amount due|balance due|minimum payment|minimum due|due date|",
    "payment due|outstanding balance|saldo pendiente|vencimiento|montant du|echeance|",
    "offener betrag|falligkeitsdatum|saldo devedor|vencimento;",
    // Technical: the product misbehaves or needs configuring.
    "technical 200:error|bug|crash;",
    "technical 150:not working|doesn't work|isn't working;",
    "technical 50:won't;",
    "technical 150:broken;",
    "technical 200:api|endpoint|integration|webhook;",
    // How something is delivered (a download, a file, an export) is technical evidence only
    // in a message that names no other team's subject: "download the invoices" is billing's
    // document, "download the usage report" the product's.
    "technical 150 via:sync|upload|download|install;",
    "technical 50:update;",
    "technical 100:app;",
    "technical 150:browser|server;",
    "technical 200:http|database|dns;",
    "technical 150:wordpress|php;",
    "technical 100:mailbox;",
    "technical 150:migrate|migration;",
    "technical 150 via:export|import|csv;",
    "technical 100 via:spreadsheet;",
    "technical 50:settings;",
    "technical 100:load|slow|sluggish|device|e-reader;",
    "technical 150:sim;",
    // A phone line that does not work: a number being moved between carriers, calls that do
    // not come in.
    "technical 150:number port|port my number|portabilidade|portabilite|",
    "rufnummernmitnahme|incoming calls|receive calls|llamadas entrantes|appels entrants|",
    "eingehende anrufe|chamadas recebidas|ligacoes;",
    // Devices and their parts: hardware that stopped doing its job is a repair, whatever the
    // page or plan around it ("the inverter trips", "the thermostat shows E-41").
    "technical 150:firmware|thermostat|termostato|inverter|inversor|onduleur|wechselrichter|",
    "router|routeur|modem|sensor|capteur|controller|controlador|valve|",
    "heizungsrelais|relay;",
    // Fixing steps and the parts they touch (the bot's own advice counts at half weight; no
    // English "wiring": it stems to "wire", a bank transfer).
    "technical 100:reboot|restart|reinstall|power cycle|factory reset|verkabelung|",
    "cableado|cablage|display|screen|pantalla|ecran|bildschirm;",
    // Shipping software.
    "technical 150:deploy|deployment|redeploy|despliegue|deploiement|bereitstellung|implantacao;",
    "technical 100:activate|activation|signal;",
    "technical 150:wifi;",
    "technical 100:link;",
    "technical 150:access denied;",
    "technical 100 via:file|folder;",
    "technical 100:proof|dashboard|portal|not showing;",
    "technical 50:survey|publish|visible;",
    "technical 100:can't see|version|feature;",
    "technical 150:trace;",
    "technical 100:notifications|viewer;",
    "technical 50 via:pdf;",
    // Something the customer says works is no fault ("the PDF I can download").
    "technical -150 via:can download|can upload|can install;",
    // Proof of something (identity, address, disability, purchase) is a document, not a
    // print proof.
    "technical -100:proof of;",
    // Domains, DNS and hosting: the same words in most languages.
    "technical 200:domain|dominio|nom de domaine|nameserver|",
    "name server|web hosting|hosting provider|hosting account|ssl certificate|authcode|auth code|",
    "epp code;",
    "technical 150:fehlermeldung|absturz|abgesturzt|sturzt ab|",
    "aplicacion|aplicativo|aplicacao|no carga|ne se charge pas|ne s'affiche pas|ladt nicht|nao carrega;",
    "technical 150:won't open;",
    "technical 50:blank;",
    "technical 150:technician|techs;",
    // The people and departments who repair, in the five languages.
    "technical 150:technicien|tecnico|techniker|repair department|service department|",
    "repair team|servicio tecnico|service technique|",
    "service apres vente|kundendienst|assistencia tecnica;",
    "technical 200:tech support;",
    "technical 100:engineer|developer;",
    "technical 200:timeout|fehler|erreur|erro;",
    "technical 150:no funciona|ne fonctionne pas|funktioniert nicht|nao funciona;",
    // Something that stopped or refuses to work, and the contactless chip.
    "technical 150:won't work|wont work|doesnt work|does not work|stopped working|",
    "isnt working|freezing|unresponsive|dejo de funcionar|ne marche pas|geht nicht mehr|",
    "parou de funcionar;",
    "technical 200:contactless|sans contact|kontaktlos|sin contacto;",
    // A card that does not work is a fault, not a bill: it outweighs the card's billing sense.
    "technical 100:card to work|card working|card doesn't work|card won't work|card is broken|",
    "card stopped|tarjeta no funciona|carte ne marche pas|karte funktioniert nicht|",
    "cartao nao funciona;",
    // Account: who the customer is and what their account holds.
    "account 100:account;",
    "account 150:log in|login|sign in;",
    "account 200:password|username;",
    "account 150:profile|email address|verification|verify;",
    // "Documents" is no evidence: a page of documents holds permits, licences and drawings.
    "account 100:blocked;",
    // An account suspended or banned: "my profile got suspended", "a ban appeal".
    "account 200:suspended|suspension|banned|ban appeal;",
    // A deceased customer's estate: the account team settles who owns what.
    "account 200:executor|estate|bereavement|passed away|deceased|death certificate|",
    "power of attorney|next of kin|probate|letters testamentary|albacea|fallecido|fallecida|",
    "herencia|defuncion|deces|decede|decedee|succession|verstorben|nachlass|erbschein|",
    "testamentsvollstrecker|falecido|falecida|heranca|inventariante|obito;",
    "account -200:real estate|estate agent;",
    "account 200:locked out|close my account|delete my account;",
    // Who owns an account and how accounts are joined or handed over.
    "account 200:merge accounts|merge the accounts|merge our accounts|merge the two accounts|",
    "merge our two accounts|combine accounts|combine the accounts|combine our accounts|",
    "combine our two accounts|accounts into one|account merge|transfer my account|",
    "transfer the account|transfer our account|account transfer|account ownership|",
    "ownership of the account|ownership of my account|transfer ownership|account holder|",
    "fusionar cuentas|fusionner les comptes|konten zusammenfuhren|unificar contas;",
    // Someone else's account named as a destination ("send it to her own account") is not
    // the customer's account.
    "account -100:someone else's account|someone elses account|another person's account|",
    "friend's account|her own|his own|their own;",
    "account 150:two-factor|2fa;",
    "account 100:statement;",
    "account 150:tax|withholding;",
    "account 200:w-2;",
    "account 150:mortgage;",
    "account 100:loan|cut-off|cutoff;",
    "account 50:address;",
    "account 100:permissions;",
    "account 150:admin|banker;",
    "account 100:account manager|workspace|role|invite;",
    "account 50:users;",
    "account 150:cuenta;",
    "account 200:contrasena;",
    "account 150:compte;",
    "account 200:mot de passe;",
    "account 150:konto;",
    "account 200:passwort;",
    "account 150:conta;",
    "account 200:senha;",
    "account 150:verificacao|bloqueada;",
    // Signing up. Registering someone else (a guest, a car) is no account of theirs, and
    // "signups" are also a count on a dashboard.
    "account 100:sign up|registration|darme de alta|m'inscrire|registrierung|cadastro;",
    "account 50:signup;",
    // The secrets that let a customer in besides the password (a bare "pin" is also a verb:
    // "pin the message").
    "account 200:passcode|pwd|my pin|the pin|pin code|pin number|new pin|wrong pin|card pin|",
    "credentials|forgot my code|code pin|code secret|geheimzahl|clave;",
    // Who the customer is: personal details, a new name, the identity checks that prove them.
    "account 150:personal details|personal information|personal info|personal data|",
    "my details|contact details|date of birth|my address|my info|my information|",
    "change my name|change name|name change|verified|identity|identification|id check|kyc|",
    "source of funds|datos personales|donnees personnelles|coordonnees|personliche daten|",
    "dados pessoais|cambiar mi nombre|changer mon nom|identidad|identite|identitat;",
    // Security: someone who should not be there.
    "security 300:hacked|hacker|fraud|fraudulent|phishing;",
    "security 200:scam;",
    "security 300:unauthorized|unauthorised;",
    "security 200:suspicious|stolen;",
    "security 300:breach|compromised|ransomware|malware;",
    "security 200:virus;",
    "security 300:wasn't me;",
    "security 100:not me|security;",
    "security 300:hackeado;",
    "security 200:pirate;",
    "security 300:gehackt|betrug|invadida;",
    // A card, wallet or phone that is lost or stolen (someone else may use it), and a card
    // the customer wants stopped now.
    "security 300:lost my card|lost my credit card|lost my wallet|lost my phone|lost card|",
    "lost phone|lost credit card|card is lost|card was lost|card got lost|card is missing|",
    "misplaced my card|can't find my card|cant find my card|stole my card|stole my wallet|",
    "stole my phone|lost or stolen|mugged|robbed|pickpocketed|freeze my card|freeze my account|",
    "block my card|perdi mi tarjeta|tarjeta robada|bloquear mi tarjeta|perdu ma carte|",
    "carte volee|faire opposition|karte verloren|karte gestohlen|karte sperren|",
    "perdi meu cartao|cartao roubado|bloquear meu cartao;",
    // A payment the customer did not make, does not recognise or never allowed: stronger
    // than the card and the charge it names.
    "security 400:not mine|isn't mine|wasn't mine|didn't make this|did not make this|",
    "not made by me|didn't authorize|didn't authorise|did not authorize|never authorized|",
    "don't recognize|don't recognise|do not recognize|dont recognize|not recognized|",
    "not recognised|unrecognized|unrecognised|without my permission|without my consent|",
    "without my knowledge|without me knowing|without permission|without my authorization|",
    "someone used my card|someone else used|improperly used|didnt make|",
    "used by someone else|fraudulently|shady|fishy|no reconozco|sin mi permiso|",
    "je ne reconnais pas|sans mon accord|erkenne ich nicht|nicht von mir|nao reconheco|",
    "nao fui eu|sem minha autorizacao;",
    // Money movements that look wrong.
    "security 100:suspicious charge|suspicious payment|suspicious transaction|",
    "suspicious activity;",
    "security 300:strange charge|strange payment|strange transaction|strange withdrawal|",
    "weird charge|weird transaction|unknown charge|unknown transaction|cargo desconocido|",
    "debit inconnu|unbekannte abbuchung|compra desconhecida;",
    // Sales: buying more.
    "sales 150:buy;",
    // Having to buy something is a question about what is included, and event tickets are
    // items, not plans or seats to license: neither is for the sales team.
    "sales -150:have to buy|need to buy|buy it separately|buy one separately|",
    "purchase separately|sold separately|ticket|boleto|billet|",
    "ingresso|bilhete|eintrittskarte;",
    "sales 200:quote;",
    "sales 150 own:pricing;",
    "sales 200:demo;",
    "sales 150:upgrade;",
    "sales 100:trial;",
    "sales 150:licenses|more seats|extra seats|additional seats|add seats|seat licenses|",
    "seat licences|user seats;",
    "sales 200:bulk order;",
    "sales 100:copies;",
    "sales 200:school orders|wholesale|education pricing;",
    "sales 100:discount;",
    "sales 200:reseller|partnership;",
    "sales 100:sales;",
    "sales 200:salesperson;",
    "sales 100:sales rep;",
    "sales 200:enterprise plan;",
    "sales 150:comprar;",
    "sales 200:cotizacion;",
    "sales 150:acheter;",
    "sales 200:devis;",
    "sales 150:kaufen;",
    "sales 200:angebot|orcamento;",
);

/// The built-in keywords: (phrase, skill, weight, flags [`OWN`] and [`VIA`]), in table order.
fn keywords() -> impl Iterator<Item = (&'static str, Skill, f32, u8)> {
    packed::rows(KEYWORDS).filter_map(|(tag, phrase)| {
        let (skill, weight, flags) = keyword(tag)?;
        Some((phrase, skill, weight, flags))
    })
}

/// The bit of a compiled keyword's slot that marks it as counting in the customer's own words
/// only (a price the bot quotes, "seat selection fees start at $15", is not what the
/// customer's request is about).
const OWN: u8 = 0x80;

/// The bit of a compiled keyword's slot that marks it as naming how something is delivered
/// (a download, a file, an export): it counts only in a message where no other skill has
/// evidence of its own, so that "download the October invoices as one PDF" reaches billing,
/// and never as a step the customer reports done ("I uploaded 4 photos", see [`done`]).
const VIA: u8 = 0x40;

/// Whether the match ending at word `last` is a step the customer reports done: a past
/// tense ("-ed") right after "I", "we", "already" or "just". The cues are stems, as
/// [`Tokens::word`] gives them ("we've" stems to "we'v"; "i've" is too short to stem).
fn done(tokens: &Tokens, last: usize) -> bool {
    tokens.whole_word(last).as_bytes().ends_with(b"ed")
        && tokens.preceded_by(last, 2, &["i", "i've", "we", "we'v", "already", "just"])
}

/// Reads a packed tag `"<skill> <weight in hundredths>[ own| via]"`: a weight with a leading
/// `-` takes evidence away (a phrase that reads a keyword in a sense that is not the skill's);
/// `own` marks a keyword that counts in the customer's own words only (see [`OWN`]), `via`
/// one that names how something is delivered (see [`VIA`]).
fn keyword(tag: &str) -> Option<(Skill, f32, u8)> {
    let (skill, rest) = tag.split_once(' ')?;
    let (weight, flags) = match rest.split_once(' ') {
        Some((weight, "own")) => (weight, OWN),
        Some((weight, "via")) => (weight, VIA),
        Some(_) => return None,
        None => (rest, 0),
    };
    let (sign, digits) = match weight.strip_prefix('-') {
        Some(digits) => (-1.0, digits),
        None => (1.0, weight),
    };
    Some((
        Skill::parse(skill)?,
        sign * packed::hundredths(digits)?,
        flags,
    ))
}

/// The built-in keywords, compiled once per process on first use.
fn builtin() -> &'static PhraseTable<(u8, f32)> {
    static BUILTIN: std::sync::OnceLock<PhraseTable<(u8, f32)>> = std::sync::OnceLock::new();
    BUILTIN.get_or_init(|| {
        PhraseTable::new(keywords().filter_map(|(phrase, skill, weight, flags)| {
            slot(skill).map(|s| (phrase, (s | flags, weight)))
        }))
    })
}

/// The score at which a text has evidence of a skill: [`SkillTable::topics`] names it, and
/// delivery words stop counting for the others.
pub const SKILL_EVIDENCE: f32 = 1.0;

/// The skill keyword table: the built-in keywords (shared, compiled once) plus the policy's
/// own, compiled per engine.
#[derive(Debug, Clone, Default)]
pub struct SkillTable {
    custom: PhraseTable<(u8, f32)>,
}

impl SkillTable {
    /// Compiles `extra` (skill, keyword) pairs from the policy next to the built-in keywords;
    /// each weighs 2 (a policy keyword is a deliberate, strong hint).
    pub fn new<'a>(extra: impl IntoIterator<Item = (Skill, &'a str)>) -> SkillTable {
        SkillTable {
            custom: PhraseTable::new(
                extra
                    .into_iter()
                    .filter_map(|(skill, phrase)| slot(skill).map(|s| (phrase, (s, 2.0)))),
            ),
        }
    }

    /// Summed keyword weights per skill in `tokens`, a customer's words.
    pub fn scores(&self, tokens: &Tokens) -> SkillScores {
        self.scores_of(tokens, false)
    }

    /// [`SkillTable::scores`] for a bot's words, which leave out the keywords that count in
    /// the customer's own words only (prices and fees the bot quotes).
    pub fn bot_scores(&self, tokens: &Tokens) -> SkillScores {
        self.scores_of(tokens, true)
    }

    #[inline(never)]
    fn scores_of(&self, tokens: &Tokens, bot: bool) -> SkillScores {
        let mut scores = [0.0; 5];
        let mut via = [0.0; 5];
        let mut add = |start: usize, len: usize, &(slot, w): &(u8, f32)| {
            if bot && slot & OWN != 0 {
                return;
            }
            if slot & VIA != 0 && w > 0.0 && done(tokens, start + len.saturating_sub(1)) {
                return;
            }
            let acc = if slot & VIA != 0 {
                &mut via
            } else {
                &mut scores
            };
            if let Some(s) = acc.get_mut(usize::from(slot & !(OWN | VIA))) {
                *s += w;
            }
        };
        builtin().for_each_match(tokens, &mut add);
        self.custom.for_each_match(tokens, &mut add);
        // A code holds a digit and an underscore: most texts have neither, and skip the scan.
        let text = tokens.text().as_bytes();
        if tokens.numbers > 0 && text.contains(&b'_') && has_error_code(text) {
            if let Some(s) = scores.get_mut(usize::from(TECHNICAL)) {
                *s += ERROR_CODE_WEIGHT;
            }
        }
        // Delivery words count for a skill only when no other skill has evidence here.
        let strong = scores.map(|s| s >= SKILL_EVIDENCE);
        let n_strong = strong.iter().filter(|&&b| b).count();
        for ((s, v), own) in scores.iter_mut().zip(via).zip(strong) {
            if n_strong == usize::from(own) {
                *s += v;
            }
        }
        // A phrase cancels its own keyword, never evidence from other messages.
        scores.map(|s: f32| s.max(0.0))
    }

    /// The skills a text is about, strongest first; `general` alone when none has evidence.
    pub fn topics(&self, text: &str) -> Vec<Skill> {
        ranked(&self.scores(&Tokens::new(text)), SKILL_EVIDENCE)
    }
}

/// The skills whose score reaches `min`, strongest first (ties in [`SCORED`] order);
/// `[general]` when none does.
pub fn ranked(scores: &SkillScores, min: f32) -> Vec<Skill> {
    let mut order: Vec<usize> = (0..SCORED.len()).filter(|&i| scores[i] >= min).collect();
    crate::core::sort::sort_by(&mut order, |&a, &b| {
        scores[b].total_cmp(&scores[a]).then(a.cmp(&b)).is_lt()
    });
    if order.is_empty() {
        vec![Skill::General]
    } else {
        order.into_iter().map(|i| SCORED[i]).collect()
    }
}

/// The slot of [`Skill::Technical`] in [`SkillScores`].
const TECHNICAL: u8 = 2;

/// The technical evidence of a machine error identifier in a text (see [`has_error_code`]),
/// as strong as the word "error".
const ERROR_CODE_WEIGHT: f32 = 2.0;

/// Whether `text` holds a machine error identifier: a word of capitals, digits and at least
/// one underscore, with a capital and a digit ("SYNC_422", "TAX_CALC_409"). Booking and
/// order references ("RM-519034", "LF-40871") use hyphens, not underscores, and are no error.
fn has_error_code(text: &[u8]) -> bool {
    // (length, underscore, capital, digit) of the current run of capitals, digits and '_'.
    let mut run = (0usize, false, false, false);
    // Whether the run touches a lower-case letter: part of a longer word.
    let mut glued = false;
    for &b in text.iter().chain(std::iter::once(&b' ')) {
        match b {
            b'A'..=b'Z' => run = (run.0 + 1, run.1, true, run.3),
            b'0'..=b'9' => run = (run.0 + 1, run.1, run.2, true),
            b'_' => run = (run.0 + 1, true, run.2, run.3),
            b'a'..=b'z' => {
                glued = true;
                run = (0, false, false, false);
            }
            _ => {
                if !glued && run.0 >= 5 && run.1 && run.2 && run.3 {
                    return true;
                }
                glued = false;
                run = (0, false, false, false);
            }
        }
    }
    false
}

fn slot(skill: Skill) -> Option<u8> {
    SCORED.iter().position(|&s| s == skill).map(|i| i as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_row_decodes() {
        for (tag, phrase) in packed::rows(KEYWORDS) {
            assert!(!phrase.is_empty(), "an empty phrase under {tag:?}");
            assert!(keyword(tag).is_some(), "tag {tag:?} of {phrase:?}");
        }
    }

    #[test]
    fn ranks_skills_by_evidence() {
        let t = SkillTable::default();
        assert_eq!(
            t.topics("I was charged twice on my invoice, I want a refund"),
            vec![Skill::Billing]
        );
        assert_eq!(
            t.topics("the API returns error 500 since the update")[0],
            Skill::Technical
        );
        assert_eq!(t.topics("someone hacked my account")[0], Skill::Security);
        assert_eq!(
            t.topics("someone hacked my account and changed my password")[0],
            Skill::Security
        );
        assert_eq!(t.topics("I forgot my password")[0], Skill::Account);
        assert_eq!(t.topics("can I get a quote for 40 seats")[0], Skill::Sales);
        assert_eq!(t.topics("hello there"), vec![Skill::General]);
        // A page of documents is no account subject.
        assert_eq!(
            t.topics("there is nothing under Documents except the drawings"),
            vec![Skill::General]
        );
        assert_eq!(t.topics("subi los documentos ayer"), vec![Skill::General]);
        assert_eq!(t.topics(""), vec![Skill::General]);
    }

    #[test]
    fn a_device_that_misbehaves_is_technical() {
        let t = SkillTable::default();
        for text in [
            "our router drops out every evening since the last firmware release",
            "the heat pump controller keeps tripping and the thermostat reads 12 degrees",
            "el inversor se apaga solo tres veces al dia",
            "depuis hier mon onduleur redemarre sans cesse",
            "der Wechselrichter zeigt seit Montag nichts mehr an",
        ] {
            assert_eq!(t.topics(text)[0], Skill::Technical, "{text:?}");
        }
        // A bank wire is no wiring, and a device named beside a charge is still a bill.
        assert!(!t
            .topics("can I still send wires on Fridays?")
            .contains(&Skill::Technical));
        assert_eq!(
            t.topics("I was charged twice on my invoice for the router rental")[0],
            Skill::Billing
        );
    }

    #[test]
    fn a_french_elision_hides_no_keyword() {
        let t = SkillTable::default();
        // "l'écran" and "l'appli" are "écran" and "appli", as after "mon".
        for text in [
            "l'écran reste noir et l'appli plante",
            "mon écran reste noir et mon appli plante",
        ] {
            assert_eq!(t.topics(text)[0], Skill::Technical, "{text:?}");
        }
        assert_eq!(
            t.topics("le loyer a été prélevé deux fois")[0],
            Skill::Billing
        );
        // An elision before a word of no team stays no evidence.
        assert_eq!(t.topics("c'est l'heure d'aller"), vec![Skill::General]);
    }

    #[test]
    fn a_machine_error_code_is_technical_evidence() {
        for text in [
            "the export stops with 'EXPORT_TIMEOUT_504' every night",
            "got SYNC_422 again.",
            "(AUTH_E7) when I connect",
        ] {
            assert!(has_error_code(text.as_bytes()), "{text:?}");
        }
        // References, plain capitals and snake_case words are no error codes.
        for text in [
            "my booking RM-519034 and order LF-40871",
            "flight BC212 from LIS",
            "I wrote HELLO_WORLD in the field",
            "set max_retries_3 in the config",
            "A_1",
        ] {
            assert!(!has_error_code(text.as_bytes()), "{text:?}");
        }
        let t = SkillTable::default();
        assert_eq!(t.topics("it says ROSTER_SYNC_409 now")[0], Skill::Technical);
        assert_eq!(SCORED[usize::from(TECHNICAL)], Skill::Technical);
    }

    #[test]
    fn built_in_keywords_do_not_repeat_after_stemming() {
        let mut seen: Vec<(Vec<String>, Skill)> = Vec::new();
        for (phrase, skill, _, _) in keywords() {
            let words: Vec<String> = Tokens::new(phrase).words().map(str::to_string).collect();
            assert!(
                !seen.contains(&(words.clone(), skill)),
                "{phrase:?} repeats an earlier keyword of {skill:?}"
            );
            seen.push((words, skill));
        }
    }

    #[test]
    fn a_couriers_card_through_the_door_is_no_payment_card() {
        let t = SkillTable::default();
        let billing = SCORED.iter().position(|&s| s == Skill::Billing).unwrap();
        let score = |text: &str| t.scores(&Tokens::new(text))[billing];
        assert_eq!(
            score("the driver left a card saying it's with a neighbour"),
            0.0
        );
        assert_eq!(score("they pushed a card through the letterbox"), 0.0);
        assert!(score("my card was charged twice") > 0.0);
    }

    #[test]
    fn a_suspended_or_banned_account_is_account() {
        let t = SkillTable::default();
        for text in [
            "I got suspended yesterday and I have no idea why",
            "the ban appeal was rejected in ten minutes",
        ] {
            assert_eq!(t.topics(text)[0], Skill::Account, "{text}");
        }
    }

    #[test]
    fn money_held_or_returned_is_billing() {
        let t = SkillTable::default();
        for text in [
            "the hotel still has a hold on my card for the deposit",
            "my security deposit was never returned after I moved out",
            "la fianza del piso sigue sin devolverse",
            "le dépôt de garantie est encore bloqué, la pré-autorisation n'est pas levée",
            "die Kaution ist immer noch auf meiner Kreditkarte reserviert",
            "a caução do aluguel ainda não foi devolvida",
            "my paycheck went out as a direct deposit and came back",
            "the rent payment was returned by my bank",
            "el banco dice que fue un pago rechazado",
            "please reissue it as a paper check",
        ] {
            assert_eq!(t.topics(text)[0], Skill::Billing, "{text:?}");
        }
        // Bounced email is no payment.
        assert_eq!(t.topics("my email to you bounced"), vec![Skill::General]);
    }

    #[test]
    fn senses_that_are_not_the_skills() {
        let t = SkillTable::default();
        // A download that works, a file format: no fault.
        assert_eq!(
            t.topics("I can download the PDF, but who signs the official letter?"),
            vec![Skill::General]
        );
        assert_eq!(t.topics("I can't download the PDF")[0], Skill::Technical);
        // Seats on a train or a plane are not licences.
        assert_eq!(
            t.topics("can my son and I be seated together on the train?"),
            vec![Skill::General]
        );
        assert_eq!(
            t.topics("we need 10 more seats for the new hires")[0],
            Skill::Sales
        );
        // Asking whether something is free is no billing problem; being charged is.
        assert_eq!(
            t.topics("is the stroller checked for free or do I have to pay?"),
            vec![Skill::General]
        );
        assert_eq!(
            t.topics("you charged me a fee although it was meant to be free of charge")[0],
            Skill::Billing
        );
    }

    #[test]
    fn delivery_words_yield_to_another_teams_subject() {
        let t = SkillTable::default();
        // The document names the team; the file or download is only how it arrives.
        assert_eq!(
            t.topics("how can we get all of last year's bills exported as one pdf file?")[0],
            Skill::Billing
        );
        assert_eq!(
            t.topics("could you send the March invoice as a downloadable file")[0],
            Skill::Billing
        );
        // Alone, or next to a fault, they stay technical.
        assert_eq!(
            t.topics("where do I download the activity log?")[0],
            Skill::Technical
        );
        assert_eq!(
            t.topics("exporting the invoice list crashes with an error")[0],
            Skill::Technical
        );
    }

    #[test]
    fn steps_the_customer_reports_done_are_no_fault() {
        let t = SkillTable::default();
        for text in [
            "I've uploaded three pictures of the dent, what happens now?",
            "we installed the new shelves ourselves last week",
            "I already downloaded the form, who do I send it to?",
            "we've uploaded three pictures of the dent, what happens now?",
        ] {
            assert_eq!(t.topics(text), vec![Skill::General], "{text:?}");
        }
        for text in [
            "I can't upload my pictures",
            "the pictures never uploaded",
            "how do I install it on my laptop?",
        ] {
            assert_eq!(t.topics(text)[0], Skill::Technical, "{text:?}");
        }
    }

    #[test]
    fn domains_and_hosting_are_technical_in_every_language() {
        let t = SkillTable::default();
        for text in [
            "my domain still points to the old host",
            "mi dominio no apunta al servidor nuevo",
            "le transfert de mon nom de domaine n'avance pas",
            "Meine Domain zeigt nach dem Umzug eine Fehlermeldung",
            "o dominio da loja nao carrega desde ontem",
            "where do I find the EPP code to move my site?",
            "our web hosting provider says the certificate expired",
            "la page ne se charge pas depuis ce matin",
        ] {
            assert_eq!(t.topics(text)[0], Skill::Technical, "{text:?}");
        }
    }

    #[test]
    fn estates_and_ownership_are_for_the_account_team() {
        let t = SkillTable::default();
        for text in [
            "my father died in May and I am the executor of his estate, he had a card with you",
            "mi padre ha fallecido y tenía un préstamo y una tarjeta de crédito con ustedes",
            "ma mère est décédée, qui gère la succession de son compte ?",
            "mein Vater ist verstorben, ich habe den Erbschein und seine Kreditkarte",
            "we were acquired and need to merge our accounts and their invoices",
            "can I transfer the account to my business partner?",
        ] {
            assert_eq!(t.topics(text)[0], Skill::Account, "{text:?}");
        }
        // A house is no estate to settle, and another person's account is a destination.
        assert_eq!(
            t.topics("I'm a real estate agent looking for a flat"),
            vec![Skill::General]
        );
        assert_eq!(
            t.topics("she has her own account, can I send her one of the passes?"),
            vec![Skill::General]
        );
    }

    #[test]
    fn tickets_and_what_is_included_are_not_sales() {
        let t = SkillTable::default();
        for text in [
            "I want to buy three tickets for the Friday show",
            "do I have to buy the wall bracket separately?",
            "quiero comprar dos boletos para el sábado",
            "can I transfer two tickets to my brother?",
        ] {
            assert_eq!(t.topics(text), vec![Skill::General], "{text:?}");
        }
        assert_eq!(
            t.topics("we'd like to buy 30 more licenses for the team")[0],
            Skill::Sales
        );
        // Proof of something is a document, not a print proof.
        // French "se charger de" is taking care of something, not a charge.
        assert_eq!(
            t.topics("qui se charge de ma demande ?"),
            vec![Skill::General]
        );
        // Hosting a party is no web hosting.
        assert_eq!(
            t.topics("we are hosting a birthday party, can we book the room?"),
            vec![Skill::General]
        );
        assert_eq!(
            t.topics("they asked me for proof of purchase"),
            vec![Skill::General]
        );
    }

    #[test]
    fn prices_the_bot_quotes_do_not_count() {
        let t = SkillTable::default();
        let quote = Tokens::new("Seat selection fees start at $15, the price is per leg.");
        let billing = slot(Skill::Billing).map(usize::from).unwrap();
        assert!(
            t.scores(&quote)[billing] >= SKILL_EVIDENCE,
            "{:?}",
            t.scores(&quote)
        );
        assert_eq!(t.bot_scores(&quote)[billing], 0.0);
        // Nor does a refund the bot offers as its remedy; the customer asking for one does.
        let offer = Tokens::new("Report the items under Orders and we'll refund them.");
        assert_eq!(t.bot_scores(&offer)[billing], 0.0);
        assert!(t.scores(&offer)[billing] >= SKILL_EVIDENCE);
        assert_eq!(t.topics("I still want a refund")[0], Skill::Billing);
        // A receipt as a slip of paper is no billing matter.
        assert_eq!(
            t.topics("the bag has a receipt with another family's name on it"),
            vec![Skill::General]
        );
        // The bot naming the area still counts.
        let named = Tokens::new("You will find it under Billing > Invoices.");
        assert!(t.bot_scores(&named)[billing] >= SKILL_EVIDENCE);
    }

    /// Asserts that each text's strongest skill is `skill`.
    fn all_first(t: &SkillTable, skill: Skill, texts: &[&str]) {
        for text in texts {
            assert_eq!(t.topics(text)[0], skill, "{text:?}");
        }
    }

    #[test]
    fn money_back_under_other_names_and_exit_fees_are_billing() {
        let t = SkillTable::default();
        all_first(
            &t,
            Skill::Billing,
            &[
                "still no sign of the compensation you promised me in March",
                "can I get a rebate for the week the service was down?",
                "what's the penalty if I leave the contract before it ends?",
                "is there an early termination cost on the yearly plan",
                "¿cuánto es la penalización por darme de baja antes?",
                "je voudrais un dédommagement pour le retard",
                "wie hoch ist die Vertragsstrafe bei vorzeitiger Kündigung?",
                "quero o estorno dessa compra duplicada",
            ],
        );
        // Compensating for something is no money back.
        assert_eq!(
            t.topics("the headphones compensate for the noise"),
            vec![Skill::General]
        );
    }

    #[test]
    fn money_moved_owed_or_exchanged_is_billing() {
        let t = SkillTable::default();
        all_first(
            &t,
            Skill::Billing,
            &[
                "the top-up I did yesterday vanished from my balance",
                "the exchange rate you applied to my holiday spending is way off",
                "the cash machine kept the notes but the withdrawal shows up",
                "how much do I still owe for this month?",
                "what's the due date for my next instalment?",
                "a transaction from Tuesday is still listed twice",
                "I keep getting a payment error at checkout",
                "la recarga de ayer nunca llegó",
                "le taux de change appliqué est faux",
                "der Wechselkurs auf meiner Abrechnung stimmt nicht",
                "a taxa de câmbio da compra veio errada",
            ],
        );
        // Being due somewhere, "atm" as "at the moment": no bill.
        assert_eq!(
            t.topics("our flight is due to land at six"),
            vec![Skill::General]
        );
        assert_eq!(
            t.topics("can't talk atm, will come back later"),
            vec![Skill::General]
        );
        // A developer's failing payment call stays a fault.
        assert_eq!(
            t.topics("the payment endpoint returns a 500 error")[0],
            Skill::Technical
        );
    }

    #[test]
    fn lost_stolen_or_unrecognised_is_security() {
        let t = SkillTable::default();
        all_first(
            &t,
            Skill::Security,
            &[
                "there's a charge on my debit card that isn't mine",
                "I don't recognise this payment to a shop in Leeds",
                "someone else used my credit card at a petrol station",
                "I left my bag on the train and lost my card with it",
                "my phone was stolen last night and the banking app is on it",
                "weird transaction on my statement from a place I've never been",
                "please block my card right now",
                "I got mugged on the way home",
                "no reconozco este cargo en mi tarjeta",
                "je ne reconnais pas ce prélèvement sur ma carte",
                "diese Abbuchung erkenne ich nicht",
                "não reconheço essa compra no meu cartão",
                "perdí mi tarjeta en el aeropuerto",
            ],
        );
        // Lost luggage is no security matter; an app that freezes is a fault; a charge the
        // customer knows is billing.
        assert_eq!(
            t.topics("I lost my luggage at the airport"),
            vec![Skill::General]
        );
        assert_eq!(
            t.topics("the app keeps freezing when I open my card settings")[0],
            Skill::Technical
        );
        assert_eq!(
            t.topics("I recognise the charge on my card, I just need the receipt")[0],
            Skill::Billing
        );
    }

    #[test]
    fn signing_up_secrets_and_identity_are_account() {
        let t = SkillTable::default();
        all_first(
            &t,
            Skill::Account,
            &[
                "I can't sign up with my work address",
                "the registration form keeps rejecting my phone number",
                "I forgot my PIN and the card is now locked",
                "how do I reset my passcode?",
                "where do I update my personal details?",
                "why hasn't my identity been verified yet?",
                "I got married and need to change my name",
                "quiero cambiar mis datos personales",
                "je veux changer mon code secret",
                "ich habe meine Geheimzahl vergessen",
                "preciso atualizar meus dados pessoais",
            ],
        );
        // Registering a guest, a count of signups, pinning a message: no account of theirs.
        for text in [
            "I need to register my guest for Friday",
            "the dashboard shows 300 signups this week",
            "how do I pin a message to the top?",
        ] {
            assert_ne!(t.topics(text)[0], Skill::Account, "{text:?}");
        }
    }

    #[test]
    fn a_card_that_does_not_work_is_technical() {
        let t = SkillTable::default();
        all_first(
            &t,
            Skill::Technical,
            &[
                "my debit card stopped working at the till",
                "my card won't work in any shop",
                "contactless has not gone through all week",
                "mi tarjeta no funciona en el cajero",
            ],
        );
        // A card charged twice is a bill.
        assert_eq!(
            t.topics("I was charged twice on my card")[0],
            Skill::Billing
        );
    }

    #[test]
    fn policy_keywords_count() {
        let t = SkillTable::new([(Skill::Sales, "franchise")]);
        assert_eq!(t.topics("franchise enquiry"), vec![Skill::Sales]);
        assert_eq!(
            SkillTable::default().topics("franchise enquiry"),
            vec![Skill::General]
        );
    }

    #[test]
    fn repairers_phone_lines_and_deploys_are_technical() {
        let t = SkillTable::default();
        for text in [
            "est-ce qu'un technicien peut passer voir l'onduleur ?",
            "necesito que venga un técnico a revisar la caldera",
            "can I get the number for your repairs department?",
            "is there a service department I can ring about the boiler?",
            "I ported my number last week and since then incoming calls don't ring",
            "a portabilidade do meu número não terminou",
            "how do I redeploy without downtime?",
        ] {
            assert_eq!(t.topics(text)[0], Skill::Technical, "{text}");
        }
        // A port of call and a parcel collection are no phone line; a transfer of a deposit
        // stays billing.
        for text in [
            "which port does the ferry leave from?",
            "my deposit for the ferry",
        ] {
            assert_ne!(t.topics(text)[0], Skill::Technical, "{text}");
        }
    }
}
