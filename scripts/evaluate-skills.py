#!/usr/bin/env python3
"""Measures the engine's skill routing (which team a conversation reaches) on public labelled data.

Each text of the labelled intent sets in ../shared/data becomes a one-message conversation,
replayed through the command-line tool (`handoff replay`, the JSON Lines contract in
shared/spec/conversations.md: one process, every conversation on stdin); the decision's `skill`
is compared with the skill a support team would route the text's intent to (the mapping tables
below). Only intents whose team is clear are mapped; the rest are left out, each with the reason.

The texts are split in two halves by a hash of the text (the first byte of its SHA-256 even:
DEV, odd: TEST), so that duplicates land in the same half. Rules are widened by looking at DEV
misses only (`--show-misses N` prints nothing else); TEST is for reporting.

Prints per-skill recall and precision, macro recall and the commonest confusions for each half;
`--json` adds the figures as one JSON object on the last line. Python 3.11, standard library only.
"""

import argparse
import csv
import glob
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict

SKILLS = ["billing", "technical", "account", "security", "sales", "general"]

# ---------------------------------------------------------------------------
# Mapping tables: intent -> skill, only where a support team's routing is clear.
# ---------------------------------------------------------------------------

# Bitext customer support (an online shop's or service's customer service, 27 intents).
BITEXT = {
    # Money taken, owed or returned: invoices, payments, refunds and the fee for cancelling.
    "check_invoice": "billing",
    "get_invoice": "billing",
    "payment_issue": "billing",
    "check_payment_methods": "billing",
    "get_refund": "billing",
    "track_refund": "billing",
    "check_refund_policy": "billing",
    "check_cancellation_fee": "billing",
    # Who the customer is: signing up, changing, closing an account, getting back in.
    "create_account": "account",
    "edit_account": "account",
    "delete_account": "account",
    "recover_password": "account",
    "registration_problems": "account",
    # Asking how to reach a person names no team's subject: the general queue is right.
    "contact_customer_service": "general",
    "contact_human_agent": "general",
}
# Left out of Bitext, because no one team is clearly right:
# - switch_account ("how do I change to the platinum account?"): a plan change, sales (an
#   upgrade) or account (a downgrade to the free account) depending on the direction.
# - newsletter_subscription: marketing's list, not the support teams here (and not billing,
#   although the word "subscription" is in it).
# - cancel_order, change_order, place_order, track_order, delivery_options, delivery_period,
#   change_shipping_address, set_up_shipping_address: orders and shipping, a fulfilment team this
#   engine has no skill for; billing or general would both be guesses.
# - complaint, review: feedback about anything; the team depends on what it is about.

# Banking77 (a card and e-money bank's customer questions, 77 intents).
BANKING77 = {
    # Someone else at work: a card, payment or withdrawal the customer does not recognise, and
    # a lost or stolen card or phone (both must be blocked before someone else uses them).
    "compromised_card": "security",
    "card_payment_not_recognised": "security",
    "cash_withdrawal_not_recognised": "security",
    "direct_debit_payment_not_recognised": "security",
    "lost_or_stolen_card": "security",
    "lost_or_stolen_phone": "security",
    # Money taken, held or returned: fees and charges, double charges, refunds, wrong amounts
    # and exchange rates applied, payments and transfers that are pending, failed, declined,
    # reverted or have not arrived.
    "card_payment_fee_charged": "billing",
    "transfer_fee_charged": "billing",
    "cash_withdrawal_charge": "billing",
    "exchange_charge": "billing",
    "top_up_by_bank_transfer_charge": "billing",
    "top_up_by_card_charge": "billing",
    "extra_charge_on_statement": "billing",
    "transaction_charged_twice": "billing",
    "request_refund": "billing",
    "Refund_not_showing_up": "billing",
    "card_payment_wrong_exchange_rate": "billing",
    "wrong_exchange_rate_for_cash_withdrawal": "billing",
    "wrong_amount_of_cash_received": "billing",
    "pending_card_payment": "billing",
    "reverted_card_payment?": "billing",
    "declined_card_payment": "billing",
    "pending_transfer": "billing",
    "failed_transfer": "billing",
    "declined_transfer": "billing",
    "cancel_transfer": "billing",
    "transfer_not_received_by_recipient": "billing",
    "balance_not_updated_after_bank_transfer": "billing",
    "balance_not_updated_after_cheque_or_cash_deposit": "billing",
    "pending_top_up": "billing",
    "top_up_failed": "billing",
    "top_up_reverted": "billing",
    # Who the customer is and how they get in: personal details, identity checks, closing the
    # account, a forgotten passcode, the PIN. pin_blocked is account, not security: a PIN
    # blocked after too many wrong tries is a locked credential like a locked-out login, and
    # nobody else has the card, so there is no intruder for security to act on.
    "edit_personal_details": "account",
    "terminate_account": "account",
    "passcode_forgotten": "account",
    "change_pin": "account",
    "pin_blocked": "account",
    "verify_my_identity": "account",
    "unable_to_verify_identity": "account",
    "why_verify_identity": "account",
    "verify_source_of_funds": "account",
    # The card or app misbehaves.
    "card_not_working": "technical",
    "virtual_card_not_working": "technical",
    "contactless_not_working": "technical",
}
# Left out of Banking77: questions about what the product offers or how to use it (exchange_rate,
# fiat_currency_support, supported_cards_and_currencies, visa_or_mastercard, country_support,
# age_limit, atm_support, card_acceptance, apple_pay_or_google_pay, disposable_card_limits,
# top_up_limits, automatic_top_up, topping_up_by_card, top_up_by_cash_or_cheque, transfer_timing,
# receiving_money, transfer_into_account, exchange_via_app, beneficiary_not_allowed,
# verify_top_up); getting, activating, linking or replacing a card (card_arrival,
# card_delivery_estimate, order_physical_card, get_physical_card, getting_spare_card,
# getting_virtual_card, get_disposable_virtual_card, card_about_to_expire, activate_my_card,
# card_linking, card_swallowed); cash withdrawals that are pending or declined (the ATM, the card
# or the balance: pending_cash_withdrawal, declined_cash_withdrawal). A bank would route them
# to a cards or product team, which none of the six skills clearly is.

# CLINC150 (a voice assistant's 150 intents, most of them not customer support): only the
# banking and bill intents whose team is as clear as in Banking77 above.
CLINC150 = {
    "report_fraud": "security",
    "report_lost_card": "security",
    "account_blocked": "account",
    "pin_change": "account",
    "bill_balance": "billing",
    "bill_due": "billing",
    "pay_bill": "billing",
    "min_payment": "billing",
    "international_fees": "billing",
    "card_declined": "billing",
    "direct_deposit": "billing",
}
# Left out of CLINC150: freeze_account ("block my account right away": a customer's own
# precaution, security or account), damaged_card (a replacement card), transactions and
# spending_history (looking something up), and every intent outside customer support (weather,
# recipes, travel, the assistant's own settings such as user_name).


def load(data):
    """The labelled texts: (set name, intent, text, gold skill) for every mapped intent."""
    rows, missing = [], []
    bitext = sorted(glob.glob(os.path.join(data, "bitext-customer-support", "*.csv")))
    if not bitext:
        missing.append("bitext-customer-support/*.csv")
    for path in bitext:
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                skill = BITEXT.get(r["intent"])
                if skill:
                    rows.append(("bitext", r["intent"], r["instruction"], skill))
    path = os.path.join(data, "banking77", "test.csv")
    if os.path.exists(path):
        with open(path, encoding="utf-8", newline="") as f:
            for r in csv.DictReader(f):
                skill = BANKING77.get(r["category"])
                if skill:
                    rows.append(("banking77", r["category"], r["text"], skill))
    else:
        missing.append("banking77/test.csv")
    path = os.path.join(data, "clinc150", "data_full.json")
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            full = json.load(f)
        # Every in-scope split: the engine was never trained on any of them.
        for split in ("train", "val", "test"):
            for text, intent in full.get(split, []):
                skill = CLINC150.get(intent)
                if skill:
                    rows.append(("clinc150", intent, text, skill))
    else:
        missing.append("clinc150/data_full.json")
    return rows, missing


def half(text):
    """'dev' when the first byte of the text's SHA-256 is even, else 'test'."""
    return "dev" if hashlib.sha256(text.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def replay(cmd, rows):
    """The decision's skill for every row (None when the tool gave no usable line)."""
    payload = "".join(
        json.dumps({"id": str(i), "messages": [{"role": "customer", "text": text}]},
                   ensure_ascii=False) + "\n"
        for i, (_, _, text, _) in enumerate(rows)
    ).encode("utf-8")
    proc = subprocess.run(cmd, shell=True, input=payload, capture_output=True, check=False)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace")[-2000:])
        raise SystemExit(f"evaluate-skills: `{cmd}` exited with {proc.returncode}")
    skills = [None] * len(rows)
    for line in proc.stdout.decode("utf-8").splitlines():
        try:
            obj = json.loads(line)
            i = int(obj["id"])
        except (ValueError, KeyError, TypeError):
            continue
        if 0 <= i < len(rows) and obj.get("skill") in SKILLS:
            skills[i] = obj["skill"]
    return skills


def figures(pairs):
    """Per-skill recall and precision, macro recall and accuracy of (gold, predicted) pairs."""
    gold, pred, right = Counter(), Counter(), Counter()
    confusion = Counter()
    for g, p in pairs:
        gold[g] += 1
        pred[p] += 1
        if g == p:
            right[g] += 1
        else:
            confusion[(g, p)] += 1
    per = {}
    for s in SKILLS:
        if gold[s] or pred[s]:
            per[s] = {
                "gold": gold[s],
                "predicted": pred[s],
                "right": right[s],
                "recall": round(right[s] / gold[s], 4) if gold[s] else None,
                "precision": round(right[s] / pred[s], 4) if pred[s] else None,
            }
    recalls = [v["recall"] for v in per.values() if v["recall"] is not None]
    n = sum(gold.values())
    return {
        "n": n,
        "accuracy": round(sum(right.values()) / n, 4) if n else None,
        "macro_recall": round(sum(recalls) / len(recalls), 4) if recalls else None,
        "skills": per,
        "confusions": [[g, p, c] for (g, p), c in confusion.most_common()],
    }


def report(name, fig, out):
    if not fig["n"]:
        return
    print(f"  {name}: {fig['n']:,} texts, accuracy {fig['accuracy']:.4f}, "
          f"macro recall {fig['macro_recall']:.4f}", file=out)
    for s, v in fig["skills"].items():
        rec = "-" if v["recall"] is None else f"{v['recall']:.4f}"
        prec = "-" if v["precision"] is None else f"{v['precision']:.4f}"
        print(f"    {s:<10} recall {rec} ({v['right']}/{v['gold']})  "
              f"precision {prec} (of {v['predicted']})", file=out)
    top = ", ".join(f"{g}->{p} {c}" for g, p, c in fig["confusions"][:8])
    print(f"    confusions (gold->engine): {top or 'none'}", file=out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    shared = os.environ.get("HANDOFF_SHARED", "../shared")
    target = os.environ.get("CARGO_TARGET_DIR", "target")
    ap.add_argument("--cmd", default=os.path.join(target, "release", "handoff") + " replay",
                    help="the replay command (default: $CARGO_TARGET_DIR/release/handoff replay)")
    ap.add_argument("--data", default=os.path.join(shared, "data"),
                    help="the shared data folder (default: $HANDOFF_SHARED/data)")
    ap.add_argument("--json", action="store_true", help="the figures as JSON on the last line")
    ap.add_argument("--show-misses", type=int, default=0, metavar="N",
                    help="print up to N DEV misses, spread over the intents")
    args = ap.parse_args()

    rows, missing = load(args.data)
    if missing:
        msg = f"evaluate-skills: not found under {args.data}: {', '.join(missing)}"
        if os.environ.get("CI"):
            raise SystemExit(msg)
        print(msg + " (skipped)", file=sys.stderr)
    if not rows:
        print("evaluate-skills: no labelled data, nothing measured", file=sys.stderr)
        return
    skills = replay(args.cmd, rows)
    unusable = sum(s is None for s in skills)

    result = {"unusable": unusable}
    print(f"Skill routing on public intent sets ({len(rows):,} one-message conversations, "
          f"{unusable} without a usable decision):")
    for h in ("dev", "test"):
        print(f"{h.upper()} half:")
        by_set = defaultdict(list)
        for (name, _, text, gold), pred in zip(rows, skills):
            if half(text) == h:
                by_set[name].append((gold, pred or "none"))
        pooled = [p for name in by_set for p in by_set[name]]
        result[h] = {"pooled": figures(pooled)}
        report("pooled", result[h]["pooled"], sys.stdout)
        for name in ("bitext", "banking77", "clinc150"):
            if by_set[name]:
                result[h][name] = figures(by_set[name])
                report(name, result[h][name], sys.stdout)

    if args.show_misses > 0:
        # Round-robin over (set, intent) so that one large intent does not fill the list.
        groups = defaultdict(list)
        for (name, intent, text, gold), pred in zip(rows, skills):
            if half(text) == "dev" and pred != gold:
                groups[(name, intent)].append((gold, pred, text))
        keys = sorted(groups, key=lambda k: -len(groups[k]))
        shown, depth = [], 0
        while len(shown) < args.show_misses and any(len(groups[k]) > depth for k in keys):
            for k in keys:
                if depth < len(groups[k]) and len(shown) < args.show_misses:
                    shown.append((k, groups[k][depth]))
            depth += 1
        print(f"DEV misses ({sum(map(len, groups.values())):,} in all, {len(shown)} shown):")
        for (name, intent), (gold, pred, text) in shown:
            print(f"  [{name} {intent}] {gold} -> {pred}: {text}")

    if args.json:
        print(json.dumps(result, sort_keys=True))


if __name__ == "__main__":
    main()
