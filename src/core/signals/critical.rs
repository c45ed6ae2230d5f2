//! Critical incidents that must reach a human at once, whatever the thresholds: account
//! takeover, unauthorized charges, money paid to a fraudster (a scam, a spoofed "new bank
//! details" email), outages, data loss, legal threats, safety (a wrong or unsafe medicine
//! taken among it) and a child or vulnerable person missing with nobody to reach (named, and
//! two signs: overdue, not picked up, no answer). Phrases are
//! compiled once into a table; a message is critical when it holds a strong phrase, or two
//! different weak phrases of one category, or a weak phrase with one of its category's anchors
//! ("wasn't me" next to a transfer). Hypotheticals and prevention questions ("how do I prevent
//! unauthorized access") and negations ("not hacked") do not count. Phrases are written by
//! class ("someone" or "a stranger", then "got into" or "took over", then "my"): a pattern's
//! first word goes in the table and its later words are checked where it matches, so a class
//! costs neither a phrase per combination nor work on words that start none.

use super::lexicon::{quoted, PhraseTable, Tokens};
use super::packed;
use crate::core::decision::Skill;

/// What kind of critical incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Category {
    /// Someone else controls the customer's account.
    AccountTakeover,
    /// Money taken without the customer's consent.
    UnauthorizedCharge,
    /// Money the customer paid to a fraudster: a scam, a spoofed invoice, phishing.
    Fraud,
    /// The service is down.
    Outage,
    /// Data destroyed, encrypted, leaked or gone.
    DataLoss,
    /// A production system's data gone: a database emptied, tables dropped, its backups or
    /// snapshots missing. An incident for the engineers who run it, not for security.
    SystemDataLoss,
    /// A legal threat.
    Legal,
    /// Someone is hurt or in danger.
    Safety,
    /// A child or a vulnerable person missing, overdue or not picked up.
    Missing,
    /// A phrase from the policy's own critical list.
    Policy,
}

impl Category {
    /// A short name for explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::AccountTakeover => "account takeover",
            Category::UnauthorizedCharge => "unauthorized charge",
            Category::Fraud => "payment fraud",
            Category::Outage => "outage",
            Category::DataLoss | Category::SystemDataLoss => "data loss",
            Category::Legal => "legal threat",
            Category::Safety => "safety",
            Category::Missing => "missing person",
            Category::Policy => "policy phrase",
        }
    }

    /// The team that handles it; `None` leaves the choice to the conversation's topics.
    pub fn skill(self) -> Option<Skill> {
        match self {
            Category::AccountTakeover
            | Category::UnauthorizedCharge
            | Category::Fraud
            | Category::DataLoss => Some(Skill::Security),
            Category::Outage | Category::SystemDataLoss => Some(Skill::Technical),
            Category::Legal | Category::Safety | Category::Missing => Some(Skill::General),
            Category::Policy => None,
        }
    }

    /// Whether it is told in negations, so that a negation before a sign does not veto it:
    /// a person missing ("no bus, no sign of her").
    fn told_in_negations(self) -> bool {
        self == Category::Missing
    }

    /// Whether it needs who (an anchor) and two signs, of which nobody answering counts
    /// once: a person missing.
    fn needs_who_and_two_signs(self) -> bool {
        self == Category::Missing
    }

    /// Whether a party to the customer's own affairs just before the sign ([`OTHER_PARTIES`])
    /// makes it none: a legal threat ("the buyer's solicitor"), which is someone else's lawyer.
    fn vetoed_by_other_parties(self) -> bool {
        self == Category::Legal
    }
}

/// How much a phrase proves on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Enough alone.
    Strong,
    /// Needs a second weak phrase or an anchor of the same category.
    Weak,
    /// Context that makes a weak phrase enough.
    Anchor,
}

use Category::*;
use Kind::*;

/// Built-in phrases, packed ([`super::packed`]): groups `language ck:phrase|…;`, the category
/// `c` one of `t` (account takeover), `u` (unauthorized charge), `f` (payment fraud), `o`
/// (outage), `d` (data loss), `p` (a production system's data lost),
/// `l` (legal), `s` (safety), `m` (a person missing: an anchor and two signs), the kind `k` one of `s` (strong), `w` (weak), `a` (anchor). A
/// phrase may be a pattern, a class of phrasing written once: each word a choice `a/b/c` (an
/// empty choice makes the word optional, `_` joins the words of one choice), so "someone" or
/// "a stranger", then "got" or "broke", then "into my". The table holds a phrase's first word
/// only (each choice of it); the words after it are checked where one matches
/// ([`rest_end`]), so a pattern costs its first word's choices, not the product of all its
/// choices.
const PHRASES: &str = concat!(
    // Account takeover.
    "en ts:hacked|hacker|hijacked|account takeover|taken over my account|",
    "someone logged in to my account|unauthorized/unauthorised access|",
    "account is compromised|account was compromised|account has been compromised|",
    // Someone else inside the account: "somebody broke into my profile".
    "someone/somebody/someone_else/a_stranger got_into/gotten_into/broke_into/broken_into/",
    "hacked_into/logged_into/snuck_into/took_over/taken_over/gained_access_to/got_access_to/",
    "is_using/was_using/been_using/has_been_using/is_accessing/accessed my/our|",
    "someone/somebody/someone_else/a_stranger is_in/was_in/been_in/has_been_in/changed/reset/",
    "has_changed/had_changed/has_reset/ported/swapped/hijacked/stole my/our ",
    "account/profile/email/password/phone_number/2fa/number/sim/esim/line;",
    // A SIM swap or port-out done by a fraudster; a swap alone is a routine request.
    "en ts:sim/esim/port_out/porting swap_fraud/swap_attack/swap_scam/fraud/scam/attack/hijack/",
    "hijacking/hijacked/jacking/jacked;",
    // Credentials changed: needs a second sign or an anchor ("I didn't").
    "en tw:defaced|locked out|login is being rejected|login rejected|",
    "password/email/phone_number/number/2fa/recovery_email/pin/contact address/device/details/info/ ",
    "was/were/has_been/have_been/got/is_now changed/removed/disabled/turned_off/switched|",
    // Someone changed the credentials ("someone has changed the email and phone number"),
    // and a number or SIM moved to a SIM, device or network that is not the customer's.
    "someone/somebody/someone_else/a_stranger changed/has_changed/had_changed/reset/",
    "has_reset the/my/our admin/owner/administrator/account/login/billing/ email/password/phone/",
    "phone_number/number/2fa/pin/login/recovery_email/details|",

    "number/sim/esim/line/phone_number was/were/has_been/had_been/got/been moved/ported/",
    "transferred/swapped to/onto/on a_new/another/a_different/an_unknown/",
    "someone_else's/a_stranger's sim/esim/device/phone/handset/network/carrier/provider|",
    "ported/swapped/hijacked my/our number/sim/esim/line/phone_number to/onto/over_to a_new/",
    "another/a_different/an_unknown/someone_else's sim/esim/device/phone/network/carrier|",
    "2fa is now on|",
    // Contact details changed on the account: "the phone and email on my account were changed".
    "account/profile/details/info/information/admin/owner/administrator was/were/has_been/",
    "have_been/got ",
    "changed/updated/replaced|",
    "device/phone/number/email/address/wallet i_don't/i_dont own/recognise/recognize|",
    "trading/selling/sold away/off my|",
    // A stranger working the customer's door, car, camera or alarm ("unlocked by Guest",
    // "the garage opened by itself"), someone unknown on it, a contact no longer theirs.
    "unlocked/opened/disarmed/started itself/by_itself/on_its_own/remotely/by_guest/by_a_guest|",
    "someone/somebody unlocked/opened/disarmed/started my/our/the door/lock/car/camera/alarm/",
    "garage/locker/safe|unknown/unrecognised/unrecognized guest/user/device/admin/driver/code|",
    "isn't/is_not/is_no_longer mine/ours;",
    // Things on the account the customer never put there, activity where they are not:
    // "two cars on there I've never seen", "logins from a city I've never been to".
    "en tw:i've/i_have/we've/we_have/i/we never seen/added/made/placed/booked/ordered/been_to/",
    "heard_of/issued/created|",
    "i/we don't/dont/do_not/have_never live/lived/work/worked there/in;",
    "en ta:someone else|not me/us/by_me/by_us|wasn't/wasnt/was_not me/us|",
    "without my/our permission/knowledge|",
    "didn't/didnt/did_not/never change/request/requested/authorise/authorize/ask_for/asked_for/",
    "approve/agree_to|none of this was me|",
    "didn't/didnt/did_not do any_of_this/any_of_that/this/that/it|",
    "i_never/we_never did/made/asked_for/sent that/this/it|",
    "we_didn't/we_didnt/we_did_not do/make/send any_of_this/any_of_that/this/that/it|",
    // Someone the customer does not know or never let in: "I don't know any Kevin".
    "i/we don't/dont know any/anyone|i/we never/didn't add/invite/create/share a/any/the/an ",
    "guest/user/key/code/admin/device/driver;",
    // Someone in with the customer's badge, key card or code, and things taken: "entries on
    // my fob overnight", "the locker was forced", "my laptop and tools are gone". Two signs
    // (English only: the module's size).
    "en tw:badge/keycard/fob/door_code/entry_code was/were/has_been/got used/scanned/swiped/",
    "cloned/copied|log/history shows/showed entries/entry/swipes/scans|",
    "locker/cabinet/storage_unit has_been/have_been/was/were/got broken_into/emptied/forced/",
    "raided/opened/cleared_out|laptop/hard_drive/wallet/tools/valuables/belongings are/is/was/",
    "were/have_been/has_been/got gone/stolen/missing/taken;",
    "es ts:hackeado|hackearon|acceso no autorizado|alguien entro/accedio a/en mi cuenta|",
    "duplicaron/clonaron mi/el/la sim/esim/chip/linea/numero|portabilidad no solicitada;",
    "fr ts:compte pirate|ete pirate|ont pirate|pirate mon/ma/mes|piratage|acces non autorise|",
    "carte sim/esim clonee/dupliquee|portabilite frauduleuse/non_demandee;",
    "de ts:gehackt|unbefugter zugriff|jemand nutzt mein konto|sim betrug/swap_betrug|",
    "ungewollte/unerlaubte rufnummernmitnahme/portierung;",
    "pt ts:hackeada|hackeado|invadida|invadiram|acesso nao autorizado|",
    "clonaram meu/minha/o/a chip/numero/linha/sim/esim|chip clonado|portabilidade nao solicitada;",
    // Credentials changed and "that was not me", in the other languages.
    "fr tw:ete modifie/modifiee/change/changee/",
    "reinitialise/reinitialisee/transfere/transferee/porte|je ne peux plus me connecter|n'ai plus acces;",
    "fr ta:n'est/c'est/n'etait pas moi/nous/par_moi/par_nous|sans mon/notre accord|",
    "je n'ai rien/jamais demande;",
    "es tw:fue/han_sido/ha_sido cambiado/cambiada/modificado/modificada/portado/transferido|",
    "ya no puedo entrar/acceder;",
    "es ta:no he sido yo|no fuimos/hemos_sido nosotros|no por mi/nosotros|sin mi/nuestro permiso|",
    "sin mi/nuestra autorizacion|no lo/la/ pedi/solicite;",
    "de tw:wurde/wurden geandert/zuruckgesetzt/portiert/ubertragen|kann mich nicht mehr anmelden;",
    "de ta:war ich nicht|waren wir nicht|nicht von mir/uns|ohne meine/unsere zustimmung|",
    "ohne mein/unser wissen|nicht beantragt;",
    "pt tw:foi/foram alterado/alterada/mudado/mudada/transferido/transferida/portado|",
    "nao consigo mais entrar/acessar;",
    "pt ta:nao fui eu|nao fomos nos|nao por mim/nos|sem minha/nossa autorizacao/permissao|",
    "nao pedi|nao solicitei;",
    // Unauthorized charges.
    "en us:unauthorized/unauthorised charge/transaction/payment/transfer/withdrawal|",
    "i didn't authorize|i didn't authorise|i did not authorize|i did not authorise|",
    "i never authorized|i never authorised|fraudulent|card was stolen|stolen card|",
    "identity theft/fraud|using my identity|stole/stolen my identity|impersonating me|",
    "drained/emptied my account/wallet/savings;",
    // Not the customer's doing, next to an anchor (a transfer, a withdrawal).
    "en uw:fraud|wasn't me|wasnt me|was not me|not me|don't/dont recognize/recognise|",
    "didn't make|did not make|didn't/didnt/never initiate|none of this was me|",
    "didn't/didnt/did_not do any_of_this/any_of_that/this/that|unknown address/wallet/recipient|",
    "address/wallet i've_never/i_don't/i_dont seen/recognise/recognize|",
    // Money taken that the customer did not take, the card still with them.
    "didn't/didnt/did_not/never take/took/withdraw/request/apply_for/authorize/authorise/make ",
    "that/this/those/these/them|card is_still/was_still/never_left in/on/ my ",
    "wallet/purse/pocket/hand/possession|card is_still/was_still with/on me;",
    "en ua:charge|transaction|transfer|payment|withdrawal|withdrawn|purchase|",
    "went from my account|from my account|my card|traded away|cash advance|",
    "loan|atm;",
    "es us:cargo no autorizado|no fui yo;",
    "es uw:no reconozco|fraude;",
    "es ua:cargo|tarjeta|retiro;",
    "fr us:ce n'etait pas moi|prelevement non autorise;",
    "fr uw:fraude|je ne reconnais pas;",
    "fr ua:carte|retrait|virement;",
    "de us:das war ich nicht;",
    "de uw:betrug;",
    "de ua:abbuchung|auszahlung;",
    "pt us:nao fui eu;",
    "pt uw:nao reconheco|fraude;",
    "pt ua:cobranca|cartao|saque;",
    // Money the customer paid to a fraudster: "I think I've been scammed", or a spoofed
    // request ("your bank details had changed", a fake invoice) next to a payment made (a
    // customer's own new account is no sign).
    "en fs:been/got/was/were scammed/defrauded|victim of a/ scam/fraud|fell for a/the scam;",
    "en fw:phishing|spoofed|fake/fraudulent email/invoice/site/website/link/payment_link|",
    // Keyed on the report ("saying"), not on "your", which most messages hold.
    "saying/said/claiming that/ your/their/the/ bank/payment/account details ",
    "had/have/were/was/has_been/had_been changed|looked/looks exactly like yours;",
    "en fa:paid|transferred|wired;",
    "es fs:me estafaron|fui estafado/estafada;",
    "fr fs:fait arnaquer|ete arnaque/arnaquee;",
    "de fs:betrogen worden|betruger reingefallen;",
    "pt fs:fui enganado/enganada|cai num/no golpe|sofri um golpe;",
    // Outages.
    "en os:outage|site/website/service/server/system/app/platform/production/everything is/are ",
    "down|completely down|down for everyone|nobody/no_one can log in|",
    "we've/we're/we_are/we_were/we_have/we_had ",
    "been/ down since/for/all/completely/again|",
    // A whole group locked out: "none of our users can", "none of the kids can log in".
    "none of the/our/my/ kids/students/users/staff/employees/agents/customers/team/campers/",
    "instructors/people/members/clients/players/guests/us/teachers/drivers/devices ",
    "can/could log/login/access/sign/get/connect/open/load/use/reach/see/pay/check/order/buy/",
    "book/receive/send/place/make/do/work/join|",
    // Nobody in a team can get in: "nobody in litigation can get into the drive".
    "nobody/no_one/noone in/on/at/from the/our/my/ team/office/department/litigation/finance/",
    "sales/support/accounts/hr/legal/marketing/engineering/it/school/class/company/",
    "firm/building/store/shop/branch/clinic/warehouse/practice/lab can/could ",
    "log/login/access/sign/get/connect/open/load/use/reach;",
    "en ow:can't log in|cannot log in|unable to log in|can't access|cannot access|unavailable|",
    "not loading|is down;",
    "en oa:everyone|whole/entire team/company/shop/store/business/office|all users|all our users|all our customers|",
    "nobody|no one;",
    "es os:caida del servicio;",
    "fr os:panne;",
    "de os:ausfall;",
    "pt os:fora do ar;",
    // Data loss.
    "en ds:data loss|lost all|lost everything;",
    "en dw:all my data|all our data|all my files|all our files|all the files;",
    // Files found empty: "the shared drive is wiped".
    "en dw:drive/folder/site/website is_now/is/are/was/were/came_back/now empty/wiped/blank/",
    "erased|empty drive/folder;",
    // A production system's storage found empty ("the database came back empty", "an empty
    // data volume"), its tables gone ("every table is gone"), its backups missing ("No
    // snapshots available"): two signs, or one with the maintenance or production next to it.
    "en pw:database/db/volume/disk/bucket/server/table/repo/repository/storage/partition/",
    "cluster/instance/backup/snapshot is_now/is/are/was/were/came_back/now/been empty/wiped/",
    "blank/erased|empty data/ database/db/volume/disk/bucket/tables/partition|0/zero bytes|",
    "every/each table/row/record/collection/schema is/was/has_been/got gone/missing/deleted/",
    "dropped/wiped/empty/erased/truncated|",
    "tables/rows/records/collections/schemas/snapshots/backups are/were/have_been/got gone/",
    "missing/deleted/dropped/wiped/erased/truncated/empty|",
    "no snapshots/backups/snapshot/backup available/found/exist/exists/listed/at_all;",
    "en pa:wiped|erased|production|",
    "after/since/during the/last_night's/yesterday's/your/their/ ",
    "scheduled/planned/nightly/ maintenance/migration;",
    "en ds:everything is gone|data is gone|files are gone|data breach|data leak|privacy breach|",
    "leaked our/my/the/their data/customer_data/database/customers/users;",
    // Personal data sent or shown to people who should not have it: the data and where it
    // went are two signs ("our backer export ... emailed to every backer").
    "en dw:home addresses|personal data|personal information|personal details|",
    "names and/ addresses|passport numbers|social security numbers|private data|",
    "full/whole/entire export|",
    "emailed/sent/mailed/forwarded/shared/went_out/went to every/each/all_our/all ",
    "backer/customer/user/subscriber/member/client/patient|",
    "emailed/sent/mailed/forwarded/shared/went_out/went to everyone|",
    "posted/published/visible publicly|public page|visible to everyone|anyone can see it/them|",
    "leaked to/online/publicly|exposed to/online/publicly|",
    // Someone else's data shown to the customer: "another patient's name and date of
    // birth", "I shouldn't be able to see this", "can other people see mine?".
    "another/someone_else's/somebody_else's/other woman/man/person/patient/customer/user/",
    "client/member/people/patient's/customer's/person's/user's/member's/client's/ full/ name/",
    "names/address/details/data/record/records/report/results/medical/info/date_of_birth/",
    "account/orders/invoices/file/chart/statement/bookings|",
    "shouldn't/should_not be able/allowed to see/view/access|",
    "someone_else/anyone/other_people/others can/could see/access mine/my/ours/our|",
    "can/could someone/anyone/other/others else/people/ see/access mine/my/ours/our|",
    // Whose the records in the customer's view are, what of theirs shows, and not the
    // customer's own: "a different customer", "his date of birth", "the scan isn't mine".
    "a_different/some_other patient/customer/person/user/member/client/woman/man|",
    "who can/could see/access mine/ours|",
    "her/his/their home_address/address/mrn/date_of_birth/card_details/bank_details|",
    "result/results/report/scan isn't/is_not/aren't/are_not/wasn't/weren't mine;",
    "es dw:datos/historial/resultados/pedidos de otra/otro persona/paciente/cliente/usuario|",
    "no deberia poder ver|con su/sus direccion/domicilio/fecha_de_nacimiento;",
    "fr dw:donnees/dossier/resultats/factures d'un/d'une autre/patient/patiente/client/cliente|",
    "devrais pas pouvoir|avec son/sa adresse/date_de_naissance;",
    "de dw:daten/befund/befunde/rechnungen einer/eines anderen|sollte ich nicht sehen|",
    "mit ihrer/seiner adresse/anschrift/geburtsdatum;",
    "pt dw:dados/exames/pedidos de outra/outro pessoa/paciente/cliente/usuario|",
    "nao deveria poder ver|endereco dela/dele;",
    "en da:wiped|gone|deleted|disappeared|erased|encrypted|lost|production|",
    "after/since the/last_night's/yesterday's/your/their maintenance/migration/upgrade/update;",
    "en ds:ransomware|ransom|encrypted our files|files are encrypted;",
    "en dw:bitcoin;",
    "en da:locked|renamed;",
    "en dw:spreading;",
    "es ds:perdi todos;",
    "fr ds:perdu toutes;",
    "de dw:alle daten;",
    "pt ds:perdi todos;",
    // Legal threats.
    "en ls:lawyer|attorney|solicitor|lawsuit|legal action|sue you|going to sue|will sue|",
    "take you to court|see you in court|small claims|class action;",
    "es ls:abogado|demandar;",
    "fr ls:avocat|poursuites;",
    "de ls:anwalt|verklagen;",
    "pt ls:advogado|processar voces;",
    // Safety.
    "en ss:injured|injury|ambulance|caught fire|on fire|exploded|electrocuted|electric shock|",
    "anaphylaxis|anaphylactic|",
    "poisoned|emergency room|kill myself|suicide|swallowed|choking|choked|allergic reaction|",
    "carbon monoxide|gas leak|overdose|end my life|a&e|ingested|",
    // A small part or a chemical swallowed or chewed: "the toddler ate a laundry pod", "the
    // puppy chewed a button battery".
    "ate/eaten/chewed/bit_into/licked/sucked_on/choked_on one_of_the/part_of_a/half_a/a/one/",
    "some/the/ magnet/magnets/button_battery/button_batteries/coin_battery/battery/batteries/",
    "laundry_pod/laundry_pods/detergent_pod/detergent_pods/pod/pods/detergent/bleach/",
    "dishwasher_tablet/water_beads|",
    // Gas escaping, a gas alarm sounding, fire, smoke and sparks coming out.
    "gas is/keeps leaking/escaping/hissing|leaking/escaping gas|",
    "co/gas alarm/detector went/is/keeps off/going_off/beeping|there's a fire|",
    "flames/smoke coming/pouring out/from|",
    "sparks flying|sparks coming out/from|",
    // Hazards: gas, burning, live electricity, a vehicle that will not stop.
    "smell of/like/ gas/something_burning/burning_plastic/burning_rubber|gas smell|",
    "burning smell/odor|smoke is/keeps/ coming|downed/fallen wire/line/power_line/pole|",
    "power/electric line/wire down/fell|it's sparking|it is sparking|still sparking|",
    "started sparking|keeps sparking|kept sparking|been sparking|",
    "outlet/socket/plug/charger/cord/wire/meter is/was sparking|",
    "brake failure|no brakes|lost the/my/ brakes|pedal just/ went/goes/sank almost/ to the floor|",
    "brake just/ failed/gave_out/went_out/stopped_working/don't_work/aren't_working|",
    // An injured body part: "she burned her arm", "he sliced his thumb".
    "cut/sliced/gashed/burned/burnt/scalded/broke/broken/fractured/crushed/smashed/sprained/",
    "twisted/jammed/slammed/pinched my/his/her/their hand/finger/thumb/arm/leg/foot/toe/",
    "wrist/ankle/knee/back/neck/head/face/eye/lip/tongue/skin;",
    // Furniture or an appliance fallen onto a person: "the dresser fell forward on my 4
    // year old", "the TV toppled onto my son". A sign, not yet an injury (and "fell on my
    // daughter's birthday" is a date).
    "en sw:tipped/toppled/fell/came_down/crashed/collapsed/tipped_over/toppled_over forward/",
    "over/down/ on/onto/on_top_of my/our/his/her/their/a/the 1/2/3/4/5/6/7/8/9/10/11/12/ ",
    "year_old/yr_old/month_old/son/daughter/child/kid/toddler/baby/boy/girl/children/kids/",
    "husband/wife/partner/mum/mom/dad|",
    // A wound placed on the body ("a cut above her eye"), and the emergency department.
    "cut/gash/bruise/bump/lump/wound/bleeding above/on/over/under/below/near/across ",
    "her/his/my/their/the eye/head/face/forehead/lip/chin/cheek/nose/ear/scalp|",
    "urgent care|",
    "hurt|fell|bleeding|burned|burnt|doctor|hospital|smoke|sparks|fire|snapped|",
    "dangerous|emergency|stitches|swollen|brake|to the floor|line/wire down|live/exposed wire|",
    // Medical danger, to a person or a pet: two signs ("seizure" and "can't stand up").
    "seizure|convulsing|convulsions|drooling|unconscious|unresponsive|",
    "collapsed|passed out|not breathing|can't/cannot stand_up/walk/get_up/breathe|",
    "wrong dose/dosage/medication/meds/pills|double dose|throwing up|threw up|puking|vomited|",
    "lethargic|disoriented|fainted|hives|mg tablets/pills/capsules|dose|dosage|",
    // Signs of gas (the smell, where it is), of bleeding inside, and a dose as the label
    // gives it: "rotten egg smell by the meter", "black in his poo", "4 tablets twice a day".
    "rotten egg/eggs|sulphur/sulfur smell|gas meter/line/pipe/stove/boiler/heater|fumes|",
    "flames|blood/black in his/her/the stool/poo/urine/vomit|bloody/tarry/black stool/stools/poo|",
    "tablets/pills twice/ a/per day|",
    // A wrong or unsafe medicine or product ("the pills look different", "not her usual",
    // "the formula expired", "he's allergic"), and a dose given or taken ("I gave him one").
    "wrong drug/medicine/prescription/tablets/strength/inhaler/insulin/formula|mislabelled|",
    "mislabeled|pills/tablets/meds/medication/medicine look/are/seem different/wrong|",
    "different strength/pills/tablets/medicine/imprint|not/isn't/aren't her/his/my/their ",
    "usual/normal/regular|expired/recalled formula/milk/food/medicine/pills|",
    "formula/milk/food/medicine/pills is/was/has/ expired/recalled|past its/the expiry/use-by ",
    "date|allergic|epipen|epinephrine|",
    "gave/fed him/her/them/my_son/my_daughter/the_baby one/a_dose/some/two/",
    "a_bottle|been taking/giving them/it/these|drank/ate/injected/inhaled some/one/half/",
    "a_bottle/two|",
    // Someone else's medicine, and a dose taken: "these aren't his ... he took one".
    "someone else's name/medication/medicine/prescription/pills/tablets/meds|",
    "aren't/arent/isn't/isnt his/hers/mine/ours/theirs|",
    "took/swallowed one/a_dose/a_tablet/a_pill/some/two before/with/already/this/of|",
    "taken one/it/them/a_dose|already took/taken one/it/them/a_dose|poison control|",
    // Something small in a child's mouth: "she had some in her mouth".
    "had/put/got one_of_them/one_of_the/some/one/it/them/a/the/ magnet/magnets/battery/batteries/pod/",
    "pods/ball/balls/bead/beads/piece/pieces/ in/into his/her/their/its mouth;",
    // A road or children at risk makes a weak sign enough.
    "es sw:medicamento/pastillas equivocado/equivocadas/incorrecto|ya se/ tomo/tome una/dos;",
    "fr sw:mauvais/mauvaise medicament/comprimes/dose|deja pris;",
    "de sw:falsche/falsches medikament/tabletten/dosis|schon/bereits eine/eins genommen;",
    "pt sw:remedio/medicamento/comprimido veio/esta/ errado/errada|ja tomou/tomei um/uma;",
    "en sa:highway|interstate|motorway|freeway|on the shoulder|side of the road|while driving|",
    "pulled over|kids/children/baby in_the_car/in_the_back/inside|",
    // A smell or smoke that grows.
    "getting/gotten stronger;",
    "es ss:herido|olor/huele a gas/quemado|fuga de gas|se corto/quemo la/el mano/dedo|",
    "escape de gas|monoxido de carbono|se incendio|salen chispas;",
    "fr ss:est/suis/ete/s'est blesse|blessure|odeur de gaz/brule|fuite de gaz|sent le gaz|",
    "monoxyde de carbone|pris feu|des etincelles;",
    "en ss:scalded|second/third degree burn|burns to/on his/her/my/their hand/arm/face/leg/skin;",
    // An animal loose, near traffic: two signs ("got out", "running along the road").
    "en sw:no/without/off lead/leash|got/is/was/came/been/running loose|escaped|",
    "ran/run/running off/away|got out of/through the/his/her/its/ kennel/pen/yard/garden/gate/fence;",
    // Where it is loose makes a sign of it enough: "running along the A38".
    "en sa:running/wandering/loose along/on/in/across/near the/a/ main/busy/ road/street|",
    "running/wandering along|into traffic;",
    "es ss:quemadura|se quemo|ambulancia|a urgencias|reaccion alergica|choque anafilactico|",
    "camino de urgencias|sala de urgencias;",
    // An allergy and its signs (swelling, the adrenaline pen): two signs.
    "es sw:alergico|alergica|hinchado/hinchada|adrenalina;",
    "es sw:cayo/volco/cayeron encima/sobre de/del/ mi/su/el/la/ hijo/hija/nino/nina/bebe/",
    "hijos/nieto/nieta|sangra|sangrando|herida|urgencias;",
    "es sw:se escapo|suelto/suelta por/en la calle/carretera;",
    "fr ss:brulure|s'est brule/brulee|ebouillante|aux urgences|reaction allergique|",
    "choc anaphylactique;",
    "fr sw:allergique|gonfle/gonflee|adrenaline;",
    "fr sw:tombe/tombee/bascule/basculee/renverse/renversee sur mon/ma/notre/son/sa/le/la ",
    "fils/fille/enfant/bebe/petit/petite|hopital|l'hopital|saigne|urgences|points de suture;",
    "fr sw:s'est echappe/echappee|en liberte sur|sur la route;",
    "de ss:verbruht|verbrennungen|rettungswagen|krankenwagen|notaufnahme|",
    "allergische reaktion|anaphylaktischer schock|",
    "verletzt|riecht nach gas|gasgeruch|brandgeruch|gasleck|kohlenmonoxid|",
    "feuer gefangen;",
    "de sw:auf meine/meinen/unsere/unseren/die/den/das tochter/sohn/kind/baby/kleine/kleinen/",
    "enkel gefallen/gekippt/gesturzt|krankenhaus|blutet|platzwunde|genaht;",
    "de sw:entlaufen|ausgebrochen|auf der strasse;",
    "de sw:allergisch|geschwollen|adrenalin;",
    "pt ss:queimadura|se queimou|pronto socorro|reacao alergica|choque anafilatico|",
    "ferido|cheiro de gas/queimado|vazamento de gas|cortou/queimou a/o mao/dedo|",
    "fuga de gas|pegou fogo|soltando faisca;",
    "pt sw:caiu/tombou em_cima_do/em_cima_da/em_cima_de/sobre/sobre_o/sobre_a meu/minha/o/a/ ",
    "filho/filha/crianca/bebe/neto/neta/menino/menina|sangrando|machucou|pontos|hospital;",
    "pt sw:alergico|alergica|inchado/inchada|adrenalina;",
    // A child or vulnerable person missing: one of them named (an anchor) and two signs:
    // overdue, gone, not picked up, nobody who knows where, nobody who answers.
    "en ma:son|daughter|kid|kids|child|children|toddler|grandson|granddaughter|camper|year/yr old|",
    "dementia|mum|mom|dad|mother|father|grandma|grandmother|grandpa|grandad|grandfather|nan|",
    "client|resident|patient|elderly|housebound|diabetic|insulin;",
    "en mw:no sign/trace of her/him/them/the_bus/the_coach/the_kids/my/our|",
    // Or their care visit missed: "the carer never turned up", and their phone rings out.
    "rings/rang/ringing/rung out|check on him/her/them|isn't/isnt/wasn't answering|",
    "she/he/they/son/daughter/kid/child/children/bus/coach/carer/caregiver/nurse/aide ",
    "hasn't/didn't/never/isn't/wasn't/",
    "still_hasn't/haven't/aren't/weren't come/came/arrived/made_it/turned_up/shown_up/showed_up/",
    "returned|she/he/they/son/daughter/kid/child/children is/are/went/gone/has_gone/now/still/ ",
    "missing|missing child/person|unaccounted for|hasn't/haven't/never/didn't/not come/came/",
    "made_it/got/returned/been home/back|wasn't/weren't/not/never/never_got/hasn't_been ",
    "picked_up/collected/dropped_off|nobody/no_one knows where|don't/dont know where ",
    "she/he/they/my/our|supposed/meant/due to drop/be_back/be_home/come_home/come_back|",
    "should/should've have/be/ been/ back/home|voicemail|no answer|not answering|",
    "nobody/no_one answers/is_answering/picks_up|unreachable|can't/cannot/couldn't ",
    "reach/get_through anyone/anybody/them/the;",
    "es ma:hijo|hija|nino|nina;",
    "es mw:no ha llegado|no aparece|desaparecido/desaparecida|no contestan|buzon de voz;",
    "fr ma:fils|fille|enfant;",
    "fr mw:pas rentre/rentree|disparu/disparue|ne repond/repondent pas|repondeur;",
    "de ma:sohn|tochter|kind;",
    "de mw:nicht angekommen/heimgekommen|vermisst|keine spur|geht niemand ran|nicht erreichbar;",
    "pt ma:filho|filha|crianca;",
    "pt mw:nao chegou/voltou|desaparecido/desaparecida|sumiu|ninguem atende|caixa postal;",
);

/// Phrases that look critical but are not ("power of attorney", "fire up", "brake light"),
/// separated by `|`.
const EXCEPTIONS: &str = "power of attorney|fire up|gone through|hurt to|fell through|locked in|\
    spark joy|spark plug|brake light|brake pad|emergency brake|parking brake|hand brake|\
    on fire lol|on fire tonight|smoke alarm|smoke detector|smoke test|\
    feel like i've been scammed|feels like i've been scammed|feel like we've been scammed|\
    fraud prevention";

/// Words that, shortly before a phrase, make it hypothetical, preventive or fictional ("my
/// character got injured"), written as stems ("schedul" for "scheduled").
const HYPOTHETICAL: &[&str] = &[
    "prevent",
    "avoid",
    "protect",
    "if",
    "case",
    "whether",
    "policy",
    "schedul",
    "against",
    "any",
    "si",
    "caso",
    "character",
    "avatar",
    "npc",
];

/// Whose lawyer it is, just before "lawyer", "solicitor" or "attorney": a party to the
/// customer's own affairs ("the buyer's solicitor says completion may slip"), no threat to
/// the company. Written as stems ("buyer" for "buyer's").
const OTHER_PARTIES: &[&str] = &[
    "buyer",
    "seller",
    "vendor",
    "landlord",
    "tenant",
    "his",
    "her",
    "their",
    "conveyanc",
    "estat",
    "immigration",
    "divorc",
    "family",
    "probat",
];

/// At most this many exceptions and weak phrases are kept per message.
const MAX_HITS: usize = 32;

/// Words of a person missing's signs that say only that nobody answers (stemmed as
/// [`Tokens::word`] gives them): two such signs are one.
const UNREACHABLE: &[&str] = &[
    "voicemail",
    "answer",
    "answers",
    "answering",
    "unreachable",
    "reach",
    "ring",
    "rings",
    "rang",
    "ringing",
    "rung",
    "contestan",
    "buzon",
    "repond",
    "repondent",
    "repondeur",
    "ran",
    "erreichbar",
    "atende",
    "postal",
];

/// An incident told as over, packed ([`super::packed`]): `p` a time long past, `e` a sign that
/// it ended, `a` a sign that it is back, `n` an "again" of prevention ("so it never happens
/// again"), which is none. Both of the first and no `a` without an `n`: the customer recounts
/// it ("back in June the battery caught fire, all sorted and nobody was hurt; can I
/// still use the old charger?").
const OVER: &str = concat!(
    "p:years ago|year ago|months ago|month ago|a while ago|long ago|back in|last year|",
    "last spring|last summer|last autumn|last fall|last winter|",
    "hace anos|hace meses|il y a des annees|il y a quelques annees|vor jahren|vor monaten|",
    "anos atras|meses atras|ha anos;",
    "e:all sorted|all resolved|been resolved|was resolved|nobody was hurt|no one was hurt|",
    "sorted it out|put the money back|put the miles back|put the points back|refunded in full|",
    "nobody got hurt|no one got hurt|fine now|everyone is fine|everyone was fine|",
    "fully recovered|all good now|todo resuelto|nadie resulto herido|estoy bien|tout est regle|",
    "personne n'a ete blesse|je vais bien|alles gut|niemand wurde verletzt|ninguem se machucou|",
    "estou bem;",
    "a:again|right now|happening now|otra vez|de nuevo|encore|wieder|de novo;",
    // Prevention is no return: "so it never happens again".
    "n:never happens again|never happen again|doesn't happen again|won't happen again|",
    "does not happen again|will not happen again;",
);

/// Whether a message tells an incident as over ([`OVER`]): a time long past and a sign that it
/// ended, and nothing saying it is back ("again" in "so it never happens again" says it is
/// not).
fn told_as_over(tokens: &Tokens) -> bool {
    static TABLE: std::sync::OnceLock<PhraseTable<u8>> = std::sync::OnceLock::new();
    const PAST: u8 = 1;
    const ENDED: u8 = 2;
    const BACK: u8 = 4;
    const PREVENTION: u8 = 8;
    let table = TABLE.get_or_init(|| {
        PhraseTable::new(packed::rows(OVER).filter_map(|(tag, phrase)| {
            let bit = match tag {
                "p" => PAST,
                "e" => ENDED,
                "a" => BACK,
                "n" => PREVENTION,
                _ => return None,
            };
            Some((phrase, bit))
        }))
    });
    let mut seen = 0u8;
    table.for_each_match(tokens, |_, _, &bit| seen |= bit);
    let told = PAST | ENDED;
    seen & told == told && (seen & BACK == 0 || seen & PREVENTION != 0)
}

/// Words that, just before a phrase, negate it, written as stems ("noth" for "nothing").
const NEGATIONS: &[&str] = &[
    "no", "not", "never", "isn't", "wasn't", "without", "noth", "don't", "dont", "didn't", "didnt",
    "doesn't", "haven't", "hasn't",
];

/// A pattern's words after its first, compiled once: per word, its choices in order, each the
/// stems of its words, as a message's words are stemmed (no words: the word is optional), with
/// each stem's hash as the message's words carry it, so most words are ruled out on an integer.
type Rest = Vec<Vec<Choice>>;

/// One choice of a [`Rest`]'s word: its words' (hash, stem).
type Choice = Vec<(u32, Box<str>)>;

/// Compiles the words after a pattern's first, as written in [`PHRASES`] (`got_into/took_over
/// my`), into a [`Rest`]: split once and stemmed once, not on every message that meets the
/// first word.
fn compile_rest(rest: &str) -> Rest {
    rest.split(' ')
        .filter(|w| !w.is_empty())
        .map(|slot| {
            slot.split('/')
                .map(|choice| {
                    let text = choice.replace('_', " ");
                    let words = Tokens::new(&text);
                    (0..words.len())
                        .map(|i| (words.hashes()[i], words.word(i).into()))
                        .collect()
                })
                .collect()
        })
        .collect()
}

/// Where a phrase's words after its first (`rest`) end when they follow word `at`: word by
/// word, the first choice that fits, its words compared stemmed (an optional word fits
/// anywhere); `None` when a word has no choice that fits.
fn rest_end(tokens: &Tokens, at: usize, rest: &[Vec<Choice>]) -> Option<usize> {
    let hashes = tokens.hashes();
    let mut end = at;
    for slot in rest {
        end = slot.iter().find_map(|choice| {
            let mut next = end;
            for (h, w) in choice {
                if hashes.get(next) != Some(h) || tokens.word(next) != &**w {
                    return None;
                }
                next += 1;
            }
            Some(next)
        })?;
    }
    Some(end)
}

/// A detected critical incident.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    /// Which kind.
    pub category: Category,
    /// The phrase(s) that matched.
    pub evidence: String,
    /// The language of the phrase (`custom` for policy phrases).
    pub language: &'static str,
}

type Entry = (Category, Kind, &'static str);

/// Reads a packed tag `"<language> <category letter><kind letter>"`.
fn entry(tag: &'static str) -> Option<Entry> {
    let (lang, letters) = tag.split_once(' ')?;
    let &[category, kind] = letters.as_bytes() else {
        return None;
    };
    let category = match category {
        b't' => AccountTakeover,
        b'u' => UnauthorizedCharge,
        b'f' => Fraud,
        b'o' => Outage,
        b'd' => DataLoss,
        b'p' => SystemDataLoss,
        b'l' => Legal,
        b's' => Safety,
        b'm' => Missing,
        _ => return None,
    };
    let kind = match kind {
        b's' => Strong,
        b'w' => Weak,
        b'a' => Anchor,
        _ => return None,
    };
    Some((category, kind, lang))
}

/// The built-in table: a phrase's first word (each choice of it) to its entry and the number of
/// its [`Rest`], or `None` for an exception.
type Table = PhraseTable<Option<(Entry, u16)>>;

/// The built-in phrases and exceptions, compiled once per process on first use: each
/// phrase's first word (each choice of it), with its entry and the number of its later words'
/// [`Rest`] (for [`rest_end`]) in the second list; `None` marks an exception (a whole phrase).
fn builtin() -> &'static (Table, Vec<Rest>) {
    static BUILTIN: std::sync::OnceLock<(Table, Vec<Rest>)> = std::sync::OnceLock::new();
    BUILTIN.get_or_init(|| {
        let mut heads: Vec<(&str, Option<(Entry, u16)>)> = Vec::new();
        let mut rests: Vec<Rest> = Vec::new();
        for (tag, pattern) in packed::rows(PHRASES) {
            let Some(entry) = entry(tag) else { continue };
            // A whole phrase goes in the table as it is, checked there word by word by hash.
            let (first, rest) = match pattern.contains('/') {
                true => pattern.split_once(' ').unwrap_or((pattern, "")),
                false => (pattern, ""),
            };
            let index = rests.len() as u16;
            rests.push(compile_rest(rest));
            for choice in first.split('/') {
                heads.push((choice, Some((entry, index))));
            }
        }
        // The phrases, then the exceptions (`None`), in one table: one walk over a message's
        // words finds both, each kind in the order a table of its own gave.
        for exception in EXCEPTIONS.split('|') {
            heads.push((exception, None));
        }
        (PhraseTable::new(heads), rests)
    })
}

/// The critical-incident table: the built-in phrases (shared, compiled once) plus the
/// policy's own, compiled per engine.
#[derive(Debug, Clone, Default)]
pub struct CriticalTable {
    custom: PhraseTable<Entry>,
}

impl CriticalTable {
    /// Compiles the policy's phrases (each strong on its own) next to the built-in ones.
    pub fn new<'a>(extra: impl IntoIterator<Item = &'a str>) -> CriticalTable {
        CriticalTable {
            custom: PhraseTable::new(
                extra
                    .into_iter()
                    .map(|phrase| (phrase, (Category::Policy, Kind::Strong, "custom"))),
            ),
        }
    }

    /// Finds a critical incident in a message's words. One the customer tells as over (a time
    /// long past and a sign that it ended: "back in June ..., all sorted") is none, unless it
    /// is a policy phrase.
    pub fn detect(&self, tokens: &Tokens) -> Option<Match> {
        self.find(tokens)
            .filter(|m| m.category == Category::Policy || !told_as_over(tokens))
    }

    // Out of line, like every signal that `Engine::observe` calls: one small function per
    // signal keeps the hot loops of the wasm build's `observe` small.
    #[inline(never)]
    fn find(&self, tokens: &Tokens) -> Option<Match> {
        let mut excluded: Vec<(usize, usize)> = Vec::new();
        // The built-in phrases found (a few per word at most), read once every exception is
        // known.
        let mut found: Vec<(usize, usize, Entry)> = Vec::new();
        // The lists below are capped so that a long message stays linear in its length.
        let (table, rests) = builtin();
        table.for_each_match(tokens, |s, l, value| match *value {
            None => {
                if excluded.len() < MAX_HITS {
                    excluded.push((s, s + l))
                }
            }
            Some((entry, rest)) => {
                let rest = rests.get(usize::from(rest)).map_or(&[][..], Vec::as_slice);
                if let Some(end) = rest_end(tokens, s + l, rest) {
                    found.push((s, end - s, entry))
                }
            }
        });
        // Per category: first strong hit, weak hits (distinct phrases, with their word spans),
        // whether an anchor hit.
        let mut strong: Option<(usize, Category, String, &'static str)> = None;
        let mut weak: Vec<(Category, &'static str, (usize, usize))> = Vec::new();
        let mut anchors: Vec<Category> = Vec::new();
        let mut visit = |start: usize, len: usize, &(category, kind, lang): &Entry| {
            if excluded.iter().any(|&(a, b)| start < b && a < start + len) {
                return;
            }
            if category.vetoed_by_other_parties() && tokens.preceded_by(start, 1, OTHER_PARTIES) {
                return;
            }
            // A person missing is told in negations ("no bus, no sign of her"): not vetoed.
            if kind != Anchor
                && ((!category.told_in_negations() && tokens.preceded_by(start, 2, NEGATIONS))
                    || tokens.preceded_by(start, 6, HYPOTHETICAL))
            {
                return;
            }
            match kind {
                Strong => {
                    if strong.is_none() {
                        strong = Some((start, category, quoted(tokens.source(start, len)), lang));
                    }
                }
                Weak => {
                    // One phrase met twice ("smoke", "smoking") is one sign: the same first
                    // stem and length.
                    if weak.len() < MAX_HITS
                        && !weak.iter().any(|&(c, _, (a, b))| {
                            c == category && b - a == len && tokens.word(a) == tokens.word(start)
                        })
                    {
                        weak.push((category, lang, (start, start + len)));
                    }
                }
                Anchor => {
                    if !anchors.contains(&category) {
                        anchors.push(category)
                    }
                }
            }
        };
        for (start, len, entry) in &found {
            visit(*start, *len, entry);
        }
        self.custom.for_each_match(tokens, &mut visit);
        if let Some((_, category, evidence, language)) = strong {
            return Some(Match {
                category,
                evidence,
                language,
            });
        }
        let money = tokens.money > 0;
        let quote = |&(a, b): &(usize, usize)| quoted(tokens.source(a, b - a));
        for (i, (category, lang, span @ (a, b))) in weak.iter().enumerate() {
            let later = weak.get(i + 1..).unwrap_or_default();
            // A second weak phrase counts only apart from the first: "was not me" is one sign,
            // not "was not me" and "not me".
            // A person missing needs more than nobody answering ("voicemail" and "no answer"
            // are one sign): one of the two says they are gone, late or not visited.
            let unreachable =
                |(x, y): (usize, usize)| (x..y).any(|k| UNREACHABLE.contains(&tokens.word(k)));
            let second = later.iter().find(|(c, _, (x, y))| {
                c == category
                    && (y <= a || b <= x)
                    && (!category.needs_who_and_two_signs()
                        || !unreachable(*span)
                        || !unreachable((*x, *y)))
            });
            let anchored = anchors.contains(category) || (*category == UnauthorizedCharge && money);
            // A person missing needs who (an anchor) and two signs.
            let both = category.needs_who_and_two_signs();
            if let Some((_, _, other)) = second.filter(|_| !both || anchored) {
                return Some(Match {
                    category: *category,
                    evidence: format!("{} and {}", quote(span), quote(other)),
                    language: lang,
                });
            }
            if anchored && !both {
                return Some(Match {
                    category: *category,
                    evidence: quote(span),
                    language: lang,
                });
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_incident_told_as_over_is_none() {
        for text in [
            "Years ago someone hacked my old account, it was resolved; how do I turn on two-factor?",
            "Back in March the heater caught fire in the garage, nobody was hurt. Which model replaced it?",
            "Hace años tuve una reacción alérgica grave, ya estoy bien. ¿Dónde anoto la alergia?",
            "Last summer someone got into my account and spent my points; you put the points \
             back. How do I add a second factor so it never happens again?",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
        // Recent, or back again, or long past but not said to be over: still incidents.
        for text in [
            "the heater caught fire last night, nobody was hurt but the garage is black",
            "years ago someone hacked my account, all sorted then, and now it's happening again",
            "a year ago the same heater caught fire and now it smells of gas",
            "last summer someone got into my account, you sorted it out, and it happened again today",
        ] {
            assert!(detect(text).is_some(), "{text}");
        }
    }

    #[test]
    fn every_builtin_row_decodes() {
        for (tag, phrase) in packed::rows(PHRASES) {
            assert!(!phrase.is_empty(), "an empty phrase under {tag:?}");
            assert!(entry(tag).is_some(), "tag {tag:?} of {phrase:?}");
        }
    }

    fn detect(text: &str) -> Option<Category> {
        CriticalTable::default()
            .detect(&Tokens::new(text))
            .map(|m| m.category)
    }

    #[test]
    fn finds_incidents() {
        assert_eq!(detect("my account got hacked"), Some(AccountTakeover));
        assert_eq!(
            detect("£2,300 went from my account. That wasn't me"),
            Some(UnauthorizedCharge)
        );
        assert_eq!(detect("our whole site is down"), Some(Outage));
        assert_eq!(detect("I will sue you"), Some(Legal));
        assert_eq!(
            detect("the heater caught fire in the kitchen"),
            Some(Safety)
        );
        assert_eq!(
            detect("he fell and hurt his back on the machine"),
            Some(Safety)
        );
    }

    #[test]
    fn ignores_hypotheticals_negations_and_exceptions() {
        assert_eq!(
            detect("how do I prevent unauthorized access to my team"),
            None
        );
        assert_eq!(
            detect("no, I was not hacked, I just forgot my password"),
            None
        );
        assert_eq!(detect("I need a power of attorney form"), None);
        assert_eq!(detect("I deleted a draft, can I get it back?"), None);
        assert_eq!(detect("my back hurt after the class"), None);
        assert_eq!(detect("is there any outage today? it felt slow"), None);
        assert_eq!(detect(""), None);
    }

    #[test]
    fn pattern_words_are_checked_after_the_first() {
        let rest = compile_rest("got/has_got/ in");
        let at = |text: &str| rest_end(&Tokens::new(text), 1, &rest);
        assert_eq!(at("someone got in now"), Some(3));
        assert_eq!(at("someone has got in now"), Some(4));
        assert_eq!(at("someone in now"), Some(2));
        assert_eq!(at("someone got out"), None);
        assert_eq!(at("someone"), None);
        // Later words are compared stemmed, like the first: "changes" meets "changed".
        assert_eq!(
            rest_end(&Tokens::new("email changes"), 1, &compile_rest("changed")),
            Some(2)
        );
    }

    #[test]
    fn every_pattern_choice_has_words_and_the_table_stays_small() {
        for (tag, pattern) in packed::rows(PHRASES) {
            for (i, word) in pattern.split(' ').filter(|w| !w.is_empty()).enumerate() {
                for choice in word.split('/') {
                    // Only a later word may be optional: the table holds the first.
                    assert!(
                        !(i == 0 && choice.is_empty()),
                        "{pattern:?} under {tag:?} starts with an optional word"
                    );
                    assert!(
                        choice.is_empty() || !Tokens::new(&choice.replace('_', " ")).is_empty(),
                        "{choice:?} of {pattern:?} has no word"
                    );
                }
            }
        }
        // Patterns put only their first choices in the table, not every phrase they stand
        // for (several thousand), so that building it stays cheap on the first message.
        assert!(
            builtin().0.len() < 1100,
            "{} built-in phrases",
            builtin().0.len()
        );
    }

    #[test]
    fn finds_someone_else_in_the_account() {
        for text in [
            "Somebody broke into my profile overnight",
            "a stranger has been in my account all night",
            "I think someone else is using my account, there are orders I never placed",
            "someone's been in my email and my wallet",
            "somebody took over my login and I can't get back in",
            "alguien entró a mi cuenta y cambió todo",
            "quelqu'un a piraté mon compte",
            "jemand nutzt mein Konto seit gestern",
        ] {
            assert_eq!(detect(text), Some(AccountTakeover), "{text}");
        }
    }

    #[test]
    fn finds_credentials_changed_behind_the_customers_back() {
        for text in [
            "my password was changed and I didn't request it",
            "The 2FA was turned off and the login email has been changed",
            "my phone number was changed to a number I don't recognize",
            "the recovery email got switched, none of this was me",
        ] {
            assert_eq!(detect(text), Some(AccountTakeover), "{text}");
        }
    }

    #[test]
    fn finds_money_moved_out_by_someone_else() {
        for text in [
            "there's a withdrawal to a wallet I don't recognise on my statement",
            "they transferred everything to an unknown recipient",
            "a payment went out today and I didn't do any of this",
            "they drained my savings overnight",
        ] {
            assert_eq!(detect(text), Some(UnauthorizedCharge), "{text}");
        }
    }

    #[test]
    fn finds_contact_details_changed_and_money_not_taken_by_the_customer() {
        assert_eq!(
            detect("the email and phone on my profile were changed last night. I did not do that"),
            Some(AccountTakeover)
        );
        assert_eq!(
            detect("My account details have been changed and I never did that"),
            Some(AccountTakeover)
        );
        assert_eq!(
            detect("there's a $2,000 cash advance on my card. I never took that out"),
            Some(UnauthorizedCharge)
        );
        assert_eq!(
            detect("3 ATM withdrawals of 400 euros in Lisbon, my card is still in my wallet"),
            Some(UnauthorizedCharge)
        );
        // Hard negatives: a change the customer made, a question about fees, a card at home.
        assert_eq!(
            detect(
                "my address was changed when I moved, what's the fee for a cash advance of $200?"
            ),
            None
        );
        assert_eq!(
            detect("I didn't do that yet, how do I update my email?"),
            None
        );
        assert_eq!(
            detect("my card is in my wallet, can I pay the $30 bill with it?"),
            None
        );
        assert_eq!(
            detect("I never take cash advances, is the $5 fee waived?"),
            None
        );
    }

    #[test]
    fn finds_storage_found_empty_and_a_business_down() {
        assert_eq!(
            detect("after the migration our database came back empty, all tables gone"),
            Some(SystemDataLoss)
        );
        assert_eq!(
            detect("the S3 bucket is empty since your maintenance window"),
            Some(SystemDataLoss)
        );
        assert_eq!(
            detect("the shared drive is wiped, 0 bytes, nothing there"),
            Some(DataLoss)
        );
        assert_eq!(
            detect("we've been down since 6am, checkout fails"),
            Some(Outage)
        );
        assert_eq!(detect("we're down for the whole store"), Some(Outage));
        // Hard negatives.
        assert_eq!(
            detect("is the database empty after a reset? asking for the docs"),
            None
        );
        assert_eq!(
            detect("my test folder is empty, how do I import files?"),
            None
        );
        assert_eq!(detect("we're down to two licences, can we buy more?"), None);
        assert_eq!(
            detect(
                "the old server is gone since the migration, how do I point DNS at the new one?"
            ),
            None
        );
        assert_eq!(detect("the website is empty, where do I add pages?"), None);
        assert_eq!(
            detect("the recycle bin is empty after the update, is that normal?"),
            None
        );
    }

    #[test]
    fn finds_medical_danger_from_two_signs() {
        let m = detect("the pharmacy gave her the wrong dose and now she's vomiting").unwrap();
        assert_eq!(m, Category::Safety);
        let m = detect("my dog had a seizure after the new pills and he can't stand up").unwrap();
        assert_eq!(m, Category::Safety);
        // One sign alone is no incident.
        assert_eq!(detect("my cat keeps drooling on the keyboard lol"), None);
        assert_eq!(
            detect("customs announced the seizure of the shipment"),
            None
        );
        assert_eq!(
            detect("how do I report a wrong dose on a prescription label?"),
            None
        );
        // A dose that does not match and a reaction to it.
        let m = detect("the refill says 20 mg tablets, hers were 2 mg, and she threw up twice")
            .unwrap();
        assert_eq!(m, Category::Safety);
        let m = detect("he took his dose from the new bottle and now he's lethargic").unwrap();
        assert_eq!(m, Category::Safety);
        // A reaction alone, or a dose alone, is no incident.
        assert_eq!(
            detect("the baby was throwing up all night, can I pause delivery?"),
            None
        );
        assert_eq!(
            detect("can I get 50 mg tablets instead of 25 mg tablets?"),
            None
        );
    }

    #[test]
    fn finds_a_whole_group_locked_out() {
        let m =
            detect("none of the students can log into their workspaces, class started").unwrap();
        assert_eq!(m, Category::Outage);
        assert_eq!(
            detect("none of us could connect this morning").unwrap(),
            Category::Outage
        );
        assert_eq!(
            detect("none of our customers can pay at checkout").unwrap(),
            Category::Outage
        );
        assert_eq!(detect("none of the colours match the preview"), None);
        assert_eq!(
            detect("I read three articles and none of them can explain it"),
            None
        );
    }

    #[test]
    fn finds_a_team_locked_out_and_credentials_changed_in_other_languages() {
        let m = detect("nobody in litigation can get into the shared drive right now").unwrap();
        assert_eq!(m, Category::Outage);
        let m = detect("all 35 of us get 'authentication server unavailable', nobody can work")
            .unwrap();
        assert_eq!(m, Category::Outage);
        assert_eq!(detect("nobody in my family can agree on a date"), None);
        assert_eq!(detect("the blue one is unavailable in my size"), None);
        let m =
            detect("l'adresse e-mail de mon espace a été modifiée et je ne peux plus me connecter")
                .unwrap();
        assert_eq!(m, Category::AccountTakeover);
        let m = detect("mi contraseña fue cambiada y no he sido yo").unwrap();
        assert_eq!(m, Category::AccountTakeover);
        let m = detect("mein Passwort wurde geändert, ohne mein Wissen").unwrap();
        assert_eq!(m, Category::AccountTakeover);
        let m = detect("minha senha foi alterada sem minha autorização").unwrap();
        assert_eq!(m, Category::AccountTakeover);
        // A change the customer made is no incident.
        assert_eq!(detect("mon adresse a été modifiée, merci !"), None);
    }

    #[test]
    fn finds_personal_data_sent_where_it_should_not_go() {
        let m = detect(
            "the attachment was our member export with home addresses and it went to every member",
        )
        .unwrap();
        assert_eq!(m, Category::DataLoss);
        assert_eq!(
            detect("we had a data leak last night").unwrap(),
            Category::DataLoss
        );
        // One sign alone: a question about exports, or an email to every member.
        assert_eq!(detect("how do I download the full member export?"), None);
        assert_eq!(
            detect("can I send the newsletter to every member at once?"),
            None
        );
    }

    #[test]
    fn finds_a_dose_given_with_a_danger_sign() {
        for text in [
            "the bottle says 3 pills a day but the vet said one, and now she's vomiting",
            "I gave him 2 tablets twice a day as labelled and there's blood in his stool",
            "he has black tarry stools and threw up twice",
        ] {
            assert_eq!(detect(text), Some(Safety), "{text}");
        }
        for text in [
            "can my dog take 2 tablets a day with food?",
            "the label says one capsule per day, is a 90-day refill possible?",
            "the blood test results came back, when is the next appointment?",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn finds_a_wrong_or_unsafe_medicine_taken() {
        for text in [
            "the tablets look different from last month and my dad has been taking them all week",
            "you sent a different strength of insulin and I injected some before I noticed",
            "these aren't her usual pills, the imprint is wrong, she took one this morning",
            "the tin of formula expired in March and she drank a bottle already",
            "the baby food was past its use-by date and he ate some",
            "the meal kit had shrimp in it, my daughter is allergic and she ate some",
            "the pharmacy gave us the wrong inhaler and my son inhaled two puffs",
            "the bottle is mislabelled, the vet clinic's pills are for a cat and I gave him one",
            "nos dieron el medicamento equivocado y ya se tomo una",
            "falsches Medikament geliefert, meine Mutter hat schon eine genommen",
            "o remédio veio errado e ela já tomou um",
        ] {
            assert_eq!(detect(text), Some(Safety), "{text}");
        }
        for text in [
            "the pills look different this time, is that a new generic?",
            "I'm allergic to latex, can you swap the gloves in my order?",
            "I gave him one of the gift cards for his birthday",
            "can I get a refill? I've been taking them for years",
            "the box had the wrong label, can you resend the shirt?",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn finds_a_stranger_working_the_customers_door_car_or_camera() {
        for text in [
            "the front door unlocked itself at 3am and my password was changed",
            "our alarm was disarmed by a guest I never added and now I'm locked out",
            "someone unlocked my car last night and the phone number on the app isn't mine",
            "an unknown user is on the account and someone disarmed our alarm",
            "the garage opened by itself twice and the login email was changed",
            "the lock history says opened by guest - Dana, I don't know any Dana, and my email was changed",
        ] {
            assert_eq!(detect(text), Some(AccountTakeover), "{text}");
        }
        for text in [
            "how do I let a guest unlock the front door while we're away?",
            "the door unlocked itself once, is the auto-unlock range too wide?",
            "someone unlocked the door for the delivery, can I see who?",
            "I don't know any of the new settings, where is the guest list?",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn finds_a_child_missing_and_nobody_to_reach() {
        for text in [
            "the school bus was supposed to drop my 6 year old at 3:30, there's no sign of her and nobody answers",
            "my son hasn't come home from the club trip and the leader's phone goes to voicemail",
            "our daughter wasn't picked up by the shuttle, she's missing and the line is unreachable",
            "my dad has dementia, he never came back from the day centre outing and no one knows where he is",
            "the kids should have been back from camp an hour ago, no trace of the coach, nobody is answering",
            "mi hijo no ha llegado del campamento y no contestan",
            "mon fils n'est pas rentré et la colonie ne répond pas",
            "meu filho não chegou da excursão e ninguém atende",
        ] {
            assert_eq!(detect(text), Some(Missing), "{text}");
        }
        for text in [
            "my son's tablet was supposed to arrive Monday and I only get voicemail",
            "my daughter's order is missing a sock and nobody answers the phone",
            "the driver hasn't shown up and nobody answers",
            "my 7 year old is nervous, can we call the camp director?",
            "there's no sign of the refund for my son's camp and I got voicemail twice",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn finds_a_small_part_or_chemical_swallowed() {
        for text in [
            "the puppy chewed a button battery from the remote",
            "my toddler bit into one of the laundry pods, we're calling 111",
            "he licked the bleach off the floor before I could stop him",
            "my son put one of the magnets in his mouth and now we're at the hospital",
            "she had a bead in her mouth, I can't see it now and we're at urgent care",
            "we're on our way to A&E, my daughter choked on a magnet from the kit",
            "I think my son ingested some of the cleaning gel",
        ] {
            assert_eq!(detect(text), Some(Safety), "{text}");
        }
        for text in [
            "the magnets in the set are weak, they don't hold the bridge",
            "is this toy safe if my baby puts it in her mouth?",
            "the remote needs new batteries, which size?",
            "my dog ate his dinner and is fine, can I reorder the food?",
            "the laundry pods arrived split open, can you resend them?",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn finds_a_vulnerable_persons_care_visit_missed_and_nobody_to_reach() {
        for text in [
            "the carer never turned up for mum's 9am visit, she's 88 and her phone just rings out",
            "my grandmother's nurse didn't come to do her insulin and she isn't answering",
            "Dad is diabetic, the aide hasn't arrived and his landline rang out twice, can someone check on him",
            "the client is housebound, the caregiver never showed up and nobody answers at the house",
        ] {
            assert_eq!(detect(text), Some(Missing), "{text}");
        }
        for text in [
            "my mum's order hasn't arrived and your phone line just rings out",
            "the nurse didn't come to my dad's appointment, can I rebook?",
            "can you check on her order? it's a gift for my grandmother",
            "my dad isn't answering my texts about his birthday present, can I change the address?",
            "my client's delivery never arrived, the courier goes to voicemail and there's no answer",
            "my mum's parcel hasn't come, your line just rings out and nobody answers",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn finds_someone_elses_medicine_taken() {
        let m = detect(
            "the pills in the bag aren't hers, someone else's name is on the box and she took one",
        )
        .unwrap();
        assert_eq!(m, Category::Safety);
        // The wrong box alone is a delivery mistake, not yet a danger.
        assert_eq!(
            detect("the parcel has someone else's name on it, can you collect it?"),
            None
        );
    }

    #[test]
    fn finds_someone_in_a_shared_account() {
        let m = detect("someone is in our account and emailing our clients").unwrap();
        assert_eq!(m, Category::AccountTakeover);
        assert_eq!(detect("someone in our team can reset passwords"), None);
    }

    #[test]
    fn finds_physical_danger() {
        for text in [
            "I can smell gas in the hallway since the new meter was fitted",
            "smoke is coming out of the charger",
            "The socket is sparking behind the fridge",
            "a downed power line is lying across the road by our gate",
            "the wire is down on the pavement and it keeps sparking",
            "my brakes just stopped working on the motorway",
            "the pedal sank to the floor when I tried to stop",
            "the brakes feel soft and I'm on the highway with the kids in the car",
            "there is a strong burning smell from the dryer",
            "it smells like burning plastic near the router",
            "my daughter burned her arm on the kettle",
            "he sliced his thumb open on the blade",
            "I twisted my ankle on your broken step",
            "huele a gas en la cocina",
            "es riecht nach Gas im Keller",
            "il y a une odeur de brûlé dans le salon",
            "sinto cheiro de gás na cozinha",
        ] {
            assert_eq!(detect(text), Some(Safety), "{text}");
        }
    }

    #[test]
    fn hard_negatives_stay_quiet() {
        for text in [
            "How can I tell if someone got into my account?",
            "what stops someone from taking over my account?",
            "I finally got into my account after the reset, thanks",
            "I changed my email last week, how do I update the receipts?",
            "my password was changed successfully, thanks",
            "I'm locked out since my password was reset",
            "I didn't send the payment yet, is it late?",
            "can I add someone to my account as a second user",
            "I've never seen a transfer take so long",
            "How do I prevent account takeover?",
            "does decluttering the closet spark joy for you",
            "the brake light is out on the rental",
            "where is the parking brake release?",
            "if the brakes fail, does insurance cover it?",
            "I cut my hair and need a new photo for the ID",
            "this bright theme hurts my eyes",
            "I've been banging my head against the wall with this setup",
            "the app is on fire lol, so fast now",
            "my character got injured in the game and lost the loot",
            "I never smell gas near the meter, is that normal?",
            "the table leg was broken on delivery",
            "God bless you all, great service",
            "the Pirates won again",
            "is Sparks getting snow this weekend",
            "the movie's hero is a live wire",
            "the smell of burning toast set off the alarm again",
            "the room smells like smoke, I asked for non-smoking",
            "someone else has access to my account: my accountant",
            "they sold my order to someone else?",
            "can I book a ticket for someone else using my rewards account?",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn one_weak_phrase_is_not_two() {
        // "was not me" also holds "not me"; "stitch" and "stitching" are one phrase met twice.
        assert_eq!(detect("it was not me who ordered the cake"), None);
        assert_eq!(
            detect("the stitch mode guides you through stitching photos"),
            None
        );
    }

    #[test]
    fn finds_gas_smoke_fire_and_sparks_in_five_languages() {
        for text in [
            "there's a sulphur smell near the boiler and it's getting stronger",
            "the whole hallway stinks of rotten eggs by the gas meter",
            "gas is hissing from the pipe behind the cooker",
            "the CO alarm went off twice tonight and won't stop",
            "our carbon monoxide detector is beeping and my son has a headache",
            "there's a fire in the garage, the charger is melting",
            "sparks flying out of the wall plug when I switch it on",
            "smoke pouring out of the dryer vent",
            "a rotten egg odour outside the door and it's getting stronger",
            "hay un escape de gas en el portal",
            "ça sent le gaz dans toute la cuisine",
            "das Ladegerät hat Feuer gefangen",
            "a tomada está soltando faísca",
        ] {
            assert_eq!(detect(text), Some(Safety), "{text}");
        }
        // Hard negatives: gas as a bill, a fuel or a unit; a smoke test; a fired employee.
        for text in [
            "my gas bill doubled this winter, can you check the meter reading?",
            "which gas station near the venue takes your card?",
            "the smoke test failed on staging, logs attached",
            "we fired the employee who leaked the roster",
            "I heard gas prices go up in April, will my plan change?",
            "the gas meter reading on my bill is wrong",
            "the eggs in my order were rotten, can I get a refund?",
            "the vet hospital says he is fed up with his cone",
            "there was a fire at your warehouse, is my order delayed?",
            "the parcel fell behind the gate, the kids are inside",
            "my signal is getting stronger since you fixed the mast",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn finds_money_paid_to_a_fraudster() {
        for text in [
            "I got scammed by someone pretending to be your support desk",
            "we were defrauded, the invoice we paid went to a fake account",
            "I paid through a fake payment link in a text that used your logo",
            "an email said your bank details have changed, so we transferred the deposit there",
            "the fake invoice looked exactly like yours and I wired the money",
            "creo que me estafaron con un correo falso",
            "je me suis fait arnaquer par un faux site",
            "ich bin auf einen Betrüger reingefallen",
            "sofri um golpe com um boleto falso",
        ] {
            assert_eq!(detect(text), Some(Fraud), "{text}");
        }
        for text in [
            "how do I report a phishing email?",
            "where are the fraud prevention settings for card payments?",
            "I have a new bank account, I paid the last invoice by card, how do I update autopay?",
            "honestly I feel scammed by these hidden fees",
            "it feels like I've been scammed by your renewal price",
            "this subscription is a scam",
            "c'est une arnaque, j'ai payé 50 € pour rien",
            "esto es una estafa, pagamos demasiado",
            "is this email phishing? it asks me to log in",
            "the new invoice looked exactly like the old one and I paid it twice",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
        assert_eq!(Fraud.skill(), Some(Skill::Security));
    }

    #[test]
    fn policy_phrases_are_strong() {
        let t = CriticalTable::new(["chemical spill"]);
        let m = t.detect(&Tokens::new("there is a chemical spill")).unwrap();
        assert_eq!(m.category, Category::Policy);
        assert_eq!(m.language, "custom");
    }

    #[test]
    fn another_persons_data_shown_to_the_customer_is_a_breach() {
        for text in [
            "the invoice in my account shows another customer's address and card details. I should not be able to see that",
            "My results page has someone else's name and date of birth on it. Can other people see mine?",
            "the download had other members names and passport numbers in it",
            "veo el historial de otro paciente, no deberia poder ver esto",
        ] {
            assert_eq!(detect(text), Some(DataLoss), "{text}");
        }
        // Hard negatives: sharing on purpose, a family member's account, one sign alone.
        for text in [
            "how do I share my report with another doctor?",
            "can I see my husband's results from my account?",
            "I shouldn't be able to see the beta menu, right?",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn records_of_someone_else_in_the_customers_view_in_five_languages() {
        for text in [
            "my orders page lists somebody else's orders, with their home address at the top",
            "the PDF I downloaded is for a different patient and shows her date of birth",
            "the scan isn't mine, it has his MRN printed on it",
            "I'm looking at another member's bookings with their address",
            "aparecen los pedidos de otro cliente, con su domicilio",
            "je vois les factures d'un autre client avec son adresse",
            "ich sehe die Rechnungen eines anderen Kunden mit seiner Anschrift",
            "aparecem os pedidos de outro cliente, com o endereco dele",
        ] {
            assert_eq!(detect(text), Some(DataLoss), "{text}");
        }
        // Hard negatives: a shared family account, a carer's own proxy access, a hypothetical,
        // one sign alone.
        for text in [
            "my wife and I share one account, so her orders show up for me too",
            "I'm my dad's proxy, so I can see his results; how do I print them?",
            "hypothetically, if I could see another customer's orders, what would you do?",
            "the report isn't mine yet, it says pending",
            "please update her address, she moved in with us",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn someone_in_with_the_customers_badge_or_code_and_things_taken() {
        for text in [
            "our entry code was used twice overnight and the storage unit has been emptied",
            "the fob history shows entries at 4am, I was in bed, and my tools are gone",
            "my cabinet was forced and my laptop was taken",
        ] {
            assert_eq!(detect(text), Some(AccountTakeover), "{text}");
        }
        // Hard negatives: a badge used by its owner, one sign alone, a theft long over.
        for text in [
            "my badge was scanned at reception, how do I add a visitor?",
            "the locker was opened by staff for the cleanout, where is lost property?",
            "I lost my fob and my wallet is missing too, probably on the train",
            "two years ago my locker was forced, all sorted since. Can I rent a bigger one?",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn burns_scalds_and_ambulances_in_five_languages() {
        for text in [
            "the kettle base spat boiling water and my colleague got scalded",
            "he has second degree burns on his wrist",
            "mi hija se quemo con la plancha, tiene una quemadura grande",
            "mon fils s'est brulé avec le radiateur",
            "Der Mitarbeiter hat sich verbrüht, der Krankenwagen ist da",
            "ela teve uma queimadura no braço",
        ] {
            assert_eq!(detect(text), Some(Safety), "{text}");
        }
        assert_eq!(
            detect("the toast got burnt, can I get a new toaster?"),
            None
        );
    }

    #[test]
    fn an_animal_loose_near_traffic() {
        for text in [
            "your walker lost Max, he's off lead and running along the main road",
            "our cat escaped from the cattery and ran off",
            "the dog got out of the pen and is wandering on the busy road",
        ] {
            assert_eq!(detect(text), Some(Safety), "{text}");
        }
        // Hard negatives: one sign alone, a road without an animal loose.
        for text in [
            "can I walk him off lead in your field?",
            "the van is running along the ring road now, ETA 20 min",
            "the courier ran off before I could sign",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn signs_of_someone_else_in_the_account() {
        for text in [
            "there are three bookings on my profile I've never made, and my email was changed",
            "my PIN was changed and the orders ship to a city I don't live in",
        ] {
            assert_eq!(detect(text), Some(AccountTakeover), "{text}");
        }
        assert_eq!(
            detect("I've never booked with you before, I live in Leeds, how does it work?"),
            None
        );
    }

    #[test]
    fn someone_elses_lawyer_is_no_threat() {
        assert_eq!(
            detect("the seller's solicitor says exchange slips to Friday"),
            None
        );
        assert_eq!(detect("my conveyancing solicitor needs the receipt"), None);
        assert_eq!(detect("my solicitor will be in touch"), Some(Legal));
        for party in OTHER_PARTIES {
            assert_eq!(crate::core::signals::lexicon::stem(party), *party);
        }
    }

    #[test]
    fn a_production_systems_data_gone_goes_to_the_engineers() {
        for text in [
            "all tables were dropped overnight and there are no backups available",
            "the cluster came back empty during the planned migration",
            "every record is missing from the orders schema, the snapshots are gone too",
            "our production db is empty, nobody here touched it",
        ] {
            assert_eq!(detect(text), Some(SystemDataLoss), "{text}");
        }
        assert_eq!(SystemDataLoss.skill(), Some(Skill::Technical));
        assert_eq!(SystemDataLoss.as_str(), DataLoss.as_str());
        // Hard negatives: one sign alone, a how-to, files (security's) rather than a system.
        for text in [
            "no backups found, how do I turn on daily backups?",
            "how do I drop all tables in the staging database?",
            "my old snapshots are missing from the list, where did they go?",
            "the table is gone from my order, was it out of stock?",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
        assert_eq!(
            detect("the sync deleted our shared drive, all our files are gone"),
            Some(DataLoss)
        );
    }

    #[test]
    fn a_number_moved_to_a_sim_that_is_not_the_customers() {
        for text in [
            "they ported my number to another carrier and I never asked for it",
            "my line was transferred to a different SIM last night, I didn't request that",
            "someone swapped my sim and now my bank codes go to them",
            "I think I was hit by a SIM swap attack",
            "me clonaron el chip y ahora no tengo linea",
            "minha linha foi transferida sem minha autorização",
            "ma carte SIM clonée, je n'ai rien demandé",
        ] {
            assert_eq!(detect(text), Some(AccountTakeover), "{text}");
        }
        // A swap or port the customer asked for is a routine request.
        for text in [
            "can I do a SIM swap to my new phone?",
            "my number was ported to your network yesterday, calls work fine",
            "how long does a port out take to another carrier?",
            "my number was moved to a new eSIM on my new watch, how do I check data?",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn credentials_changed_by_someone_the_customer_never_asked() {
        for text in [
            "somebody has reset the password on my profile, I never requested that",
            "someone changed the recovery email and I did not ask for it",
        ] {
            assert_eq!(detect(text), Some(AccountTakeover), "{text}");
        }
        for text in [
            "someone has changed the password on the shared wifi, what is it now?",
            "they changed the recovery email and I did not ask for it, is that your new policy?",
            "my number was ported to another network last week, I didn't get the confirmation",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn an_accounts_admin_or_owner_changed_with_signs_of_a_stranger_using_it() {
        // The admin or owner details changed by someone else, and things on the account the
        // customer never saw: two signs of one takeover.
        for text in [
            "somebody changed the owner email on our team workspace, and there are three \
             new users I've never heard of",
            "the administrator on our business profile was changed last night and there are \
             bookings we never made",
            "a stranger has reset our account email, and we have never booked the desks \
             on the invoice",
        ] {
            assert_eq!(detect(text), Some(AccountTakeover), "{text}");
        }
        // One sign alone, the customer's own change, a question about it.
        for text in [
            "our office manager changed the admin email last week, where do receipts go now?",
            "how do I change the owner email on our company account?",
            "I've never heard of the Berlin location, is it new?",
            "someone changed the admin email to our new finance lead, can you confirm it?",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn furniture_fallen_onto_a_person() {
        // The fall and a sign of harm: a wound, a hospital, bleeding.
        for text in [
            "the wardrobe toppled over onto my son, he's bleeding",
            "our TV tipped over on my 3 year old toddler, we're at the hospital",
            "the bookcase came down on my daughter and she has a gash on her forehead",
            "el mueble cayo encima de mi hijo y esta sangrando",
            "l'armoire est tombée sur ma fille, nous sommes à l'hôpital",
            "der Schrank ist auf meine Tochter gekippt, sie blutet",
            "a cômoda caiu em cima da minha filha, ela está sangrando",
        ] {
            assert_eq!(detect(text), Some(Safety), "{text}");
        }
        for text in [
            "the parcel fell on the doorstep and the box is dented",
            "my son has a cut on his chin from football, can I move his lesson?",
            "the shelf fell over during delivery, can you send a new one?",
            "the delivery fell on my daughter's birthday, can it come a day early?",
            "je suis tombé sur ma fille au magasin, elle adore vos robes",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn an_allergic_reaction_or_the_emergency_room_in_five_languages() {
        // Named outright, or an allergy with its signs (swelling, the adrenaline pen).
        for text in [
            "he's gone into anaphylactic shock after the sesame buns, please",
            "my son is allergic and his face is swollen, we used his EpiPen",
            "mi hijo tuvo una reacción alérgica a la crema, está muy mal",
            "mi niña es alérgica a la leche y tiene la cara hinchada, le dimos adrenalina",
            "ma fille fait une réaction allergique au gâteau",
            "il est allergique et sa langue a gonflé, on a pris l'adrénaline",
            "mein Sohn hat eine allergische Reaktion auf die Creme",
            "sie ist allergisch und das Gesicht ist ganz geschwollen",
            "meu filho teve uma reação alérgica ao molho",
            "ela é alérgica, está com a boca inchada e demos adrenalina",
        ] {
            assert_eq!(detect(text), Some(Safety), "{text}");
        }
        // An allergy told as a fact, a question about one, a swelling alone.
        for text in [
            "mi hija es alérgica al huevo, ¿la caja lleva huevo?",
            "ma fille est allergique aux noix, ce plat en contient-il ?",
            "mein Sohn ist allergisch gegen Nüsse, ist das nussfrei?",
            "o pacote chegou inchado, dá para trocar?",
            "my daughter is allergic to sesame, which boxes are safe?",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }

    #[test]
    fn credentials_changed_not_by_us() {
        for text in [
            "the login email was changed at 3am, definitely not by me",
            "our phone number was changed, that wasn't us",
            "la contraseña fue cambiada y no fuimos nosotros",
            "das Passwort wurde geändert, nicht von uns",
            "a senha foi alterada e não fomos nós",
        ] {
            assert_eq!(detect(text), Some(AccountTakeover), "{text}");
        }
        // Changed by the customers themselves, or "us" with no change.
        for text in [
            "we changed our password yesterday, it works now",
            "the password was changed by us last week, how do I add a user?",
            "it's not us who needs the invoice, it's the accountant",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }
}
