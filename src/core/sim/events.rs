//! The simulator's event queue: a binary min-heap of timed events, earliest first, ties broken
//! by kind (departures before arrivals, so a freed agent is seen by the next arrival at the same
//! instant) and then by id, which keeps runs deterministic.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// What happens at an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// An agent finishes a conversation (`id` is the agent).
    Departure,
    /// A customer arrives (`id` is the customer).
    Arrival,
    /// A waiting customer's patience runs out.
    Abandon,
    /// A waiting customer's routing step expires and requirements relax.
    Relax,
}

/// One timed event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Event {
    /// Simulated time (minutes).
    pub t: f64,
    /// What happens.
    pub kind: Kind,
    /// The agent or customer index.
    pub id: u32,
}

impl Eq for Event {}

impl Ord for Event {
    fn cmp(&self, other: &Event) -> Ordering {
        // Reversed, so that std's max-heap pops the earliest event first.
        other
            .t
            .total_cmp(&self.t)
            .then(other.kind.cmp(&self.kind))
            .then(other.id.cmp(&self.id))
    }
}

impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Event) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The queue of pending events.
#[derive(Debug, Default)]
pub struct EventQueue {
    heap: BinaryHeap<Event>,
}

impl EventQueue {
    /// An empty queue with room for `n` events.
    pub fn with_capacity(n: usize) -> EventQueue {
        EventQueue {
            heap: BinaryHeap::with_capacity(n),
        }
    }

    /// Schedules an event.
    #[inline]
    pub fn push(&mut self, t: f64, kind: Kind, id: u32) {
        self.heap.push(Event { t, kind, id });
    }

    /// Takes the earliest event.
    #[inline]
    pub fn pop(&mut self) -> Option<Event> {
        self.heap.pop()
    }

    /// Pending events.
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    /// Whether nothing is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pops_in_time_order_with_deterministic_ties() {
        let mut q = EventQueue::with_capacity(8);
        q.push(3.0, Kind::Arrival, 1);
        q.push(1.0, Kind::Abandon, 2);
        q.push(2.0, Kind::Arrival, 9);
        q.push(2.0, Kind::Departure, 4);
        q.push(2.0, Kind::Arrival, 3);
        let order: Vec<(f64, Kind, u32)> = std::iter::from_fn(|| q.pop())
            .map(|e| (e.t, e.kind, e.id))
            .collect();
        assert_eq!(
            order,
            [
                (1.0, Kind::Abandon, 2),
                (2.0, Kind::Departure, 4),
                (2.0, Kind::Arrival, 3),
                (2.0, Kind::Arrival, 9),
                (3.0, Kind::Arrival, 1)
            ]
        );
        assert!(q.is_empty());
    }
}
