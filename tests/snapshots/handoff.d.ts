/* tslint:disable */
/* eslint-disable */

/** Who wrote a message. */
export type Role = "customer" | "bot" | "agent" | "system";
/** One message of the conversation. Text is plain text, never HTML. */
export interface Message { role: Role; text: string; ts?: string }
/** The contract's fixed vocabularies. */
export type Reason = "explicit_request" | "frustration" | "complexity" | "loop" | "vip" | "critical";
export type Skill = "billing" | "technical" | "account" | "security" | "sales" | "general";
export type Priority = "low" | "normal" | "high" | "urgent";
/** One trigger that contributed to a decision. */
export interface Trigger { reason: Reason; strength: number; message_index: number; evidence: string }
/** The engine's decision after a message. */
export interface Decision {
    escalate: boolean;
    /** Every contributing trigger, strongest first. */
    reasons: Trigger[];
    skill: Skill;
    priority: Priority;
    /** The customer's sentiment, in [-1, 1]. */
    sentiment: number;
    /** Combined score of the threshold-based triggers, in [0, 1]. */
    score: number;
    /** 0-based index of the message after which the engine first decided to hand off. */
    turn: number | null;
    language: string | null;
    /** One line a supervisor can read. */
    explanation: string;
    warnings: string[];
}
/** What the host page knows about the customer. */
export interface Customer {
    id?: string; name?: string; email?: string; tier?: string; plan?: string;
    tenure_days?: number; open_tickets?: number; language?: string;
}
/** A policy document (see README, "Policy"); every field is optional. */
export interface Policy { version?: 1; name?: string; threshold?: number; release_threshold?: number; [key: string]: unknown }
/** What the page looked like at handoff (captured when not given). */
export interface PageContext {
    url?: string; title?: string; section?: string; breadcrumb?: string[];
    trail?: { url?: string; title?: string; section?: string }[];
    last_click?: string; errors?: string[]; viewport?: { width: number; height: number };
    language?: string; time_zone?: string;
}
/** Options of `buildPackage`; every field is optional. */
export interface PackageOptions {
    customer?: Customer;
    /** The page context; captured from the live page when omitted. */
    page?: PageContext;
    /** A random value mixed into the package id; a fresh one when omitted. */
    nonce?: string;
    /** RFC 3339; now when omitted. */
    created_at?: string;
}
/** The versioned handoff package (schema/handoff-package.v1.json). */
export interface HandoffPackage { schema_version: 1; id: string; created_at: string; [key: string]: unknown }
/** The flat compact form: strings, numbers and booleans, at most 4,096 bytes as JSON. */
export type CompactPackage = Record<string, string | number | boolean>;
/** What an outbox send or flush did. */
export interface OutboxResult { delivered: number; rejected: number; pending: number; errors: string[] }
/** Errors thrown by the engine carry a stable code and, for validation errors, the field. */
export interface HandoffError extends Error { code: string; field?: string }



/**
 * The handoff engine for one conversation.
 */
export class HandoffEngine {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Builds the handoff package of the conversation so far: redacted in this page, before
     * anything leaves it. Captures the page context when `options.page` is omitted.
     */
    buildPackage(options?: PackageOptions | null): HandoffPackage;
    /**
     * The page context as it would be captured now (for hosts that show it, and tests).
     */
    capturePage(): PageContext;
    /**
     * The flat compact form (at most 4,096 bytes as JSON) of a package this engine built
     * (one of its last four); another package throws `unknown_package`.
     */
    compactPackage(_package: HandoffPackage): CompactPackage;
    /**
     * Creates an engine; `policy` is an optional policy object (the defaults when omitted).
     */
    constructor(policy?: Policy | null);
    /**
     * Observes `{role, text, ts?}` and returns the decision as a plain object.
     */
    observe(message: Message): Decision;
    /**
     * Forgets the conversation.
     */
    reset(): void;
    /**
     * Sets the customer data (`{id?, name?, tier?, plan?, tenure_days?, open_tickets?, language?}`).
     */
    setCustomer(customer: Customer): void;
}

/**
 * The browser outbox for one relay.
 */
export class Outbox {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Posts every queued package whose time has come. Resolves to `{delivered, rejected,
     * pending, errors}`; never rejects. While a flush runs, `flush()` returns that flush.
     */
    flush(): Promise<OutboxResult>;
    /**
     * An outbox posting to `relay` (its base URL, for example `https://relay.example` or
     * `/`), with the site's public key when the relay has sites configured.
     */
    constructor(relay: string, site_key?: string | null);
    /**
     * Milliseconds until the next queued package is due (0 when one is due now), or -1 when
     * the queue is empty: the widget sets its retry timer from this.
     */
    nextDelay(): number;
    /**
     * How many packages wait in the queue.
     */
    pending(): number;
    /**
     * Stores the package, then flushes. Resolves to `{delivered, rejected, pending}` counts.
     * Storing twice under the same id keeps one entry.
     */
    send(_package: HandoffPackage, conversation_id?: string | null): Promise<OutboxResult>;
    /**
     * The `localStorage` key the queue is kept under, for code that counts stored packages
     * before this module has loaded (the widget).
     */
    static storageKey(): string;
}
