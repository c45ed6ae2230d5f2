//! A small ordered map for policy sections (`languages`, `skills`, helpdesk mappings): a `Vec`
//! of entries kept sorted by key, with the slice of `BTreeMap`'s API that policies use. Policy
//! maps hold a handful of entries and are read once, when the engine compiles the policy, so a
//! binary search over a vector is as fast as a B-tree and its code is a fraction of the size
//! in the shipped wasm (each `BTreeMap<K, V>` brings its own copy of the node machinery). It
//! serializes as a JSON object, like `BTreeMap`; it is read through `json_de::FromJson`, where a
//! key given twice keeps its last value.

use std::borrow::Borrow;

use serde::ser::{Serialize, SerializeMap, Serializer};

/// A map kept sorted by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedMap<K, V> {
    entries: Vec<(K, V)>,
}

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> SortedMap<K, V> {
        SortedMap {
            entries: Vec::new(),
        }
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    /// An empty map.
    pub fn new() -> SortedMap<K, V> {
        SortedMap::default()
    }

    fn find<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.entries.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    /// Inserts or replaces; returns the value replaced.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => self
                .entries
                .get_mut(i)
                .map(|e| std::mem::replace(&mut e.1, value)),
            Err(i) => {
                self.entries.insert(i, (key, value));
                None
            }
        }
    }

    /// Inserts or replaces, and returns the value's place (for decoders that read a value in
    /// place).
    pub fn insert_mut(&mut self, key: K, value: V) -> &mut V {
        let i = match self.find(&key) {
            Ok(i) => {
                self.entries[i].1 = value;
                i
            }
            Err(i) => {
                self.entries.insert(i, (key, value));
                i
            }
        };
        &mut self.entries[i].1
    }

    /// The value of a key.
    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    /// Whether the key is present.
    pub fn contains_key<Q: Ord + ?Sized>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
    {
        self.find(key).is_ok()
    }
}

impl<K, V> SortedMap<K, V> {
    /// The entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.entries.iter().map(|(_, v)| v)
    }

    /// How many entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<K: Ord, V> std::ops::Index<&K> for SortedMap<K, V> {
    type Output = V;

    /// The value of a key; panics when it is absent, like `BTreeMap`'s index.
    fn index(&self, key: &K) -> &V {
        self.get(key).expect("key present in SortedMap")
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter().map(|(k, v)| (k, v))
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> SortedMap<K, V> {
        let mut map = SortedMap::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl<K: Ord, V, const N: usize> From<[(K, V); N]> for SortedMap<K, V> {
    fn from(entries: [(K, V); N]) -> SortedMap<K, V> {
        entries.into_iter().collect()
    }
}

impl<K: Serialize, V: Serialize> Serialize for SortedMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_like_a_btree_map() {
        let pairs = [(5, "e"), (1, "a"), (3, "c"), (1, "z"), (4, "d")];
        let mut ours = SortedMap::new();
        let mut std = BTreeMap::new();
        for (k, v) in pairs {
            assert_eq!(ours.insert(k, v), std.insert(k, v));
        }
        assert!(ours.iter().eq(std.iter()));
        assert!(ours.keys().eq(std.keys()));
        assert!(ours.values().eq(std.values()));
        assert_eq!(ours.len(), std.len());
        assert_eq!(ours.get(&3), std.get(&3));
        assert_eq!(ours.get(&2), None);
        assert_eq!(ours[&1], "z");
        assert!(ours.contains_key(&4) && !ours.contains_key(&9));
        assert!(SortedMap::<u8, u8>::new().is_empty());
        assert_eq!(
            SortedMap::from([(2, 'b'), (1, 'a')]).iter().next(),
            Some((&1, &'a'))
        );
        let named = SortedMap::from([("eu".to_string(), 1)]);
        assert_eq!(named.get("eu"), Some(&1));
        // `insert_mut` inserts or replaces like `insert`, and hands back the value's place.
        let mut places = SortedMap::from([(2, 20), (4, 40)]);
        *places.insert_mut(3, 30) += 1;
        *places.insert_mut(4, 0) += 5;
        assert!(places.iter().eq([(&2, &20), (&3, &31), (&4, &5)]));
    }

    #[test]
    fn reads_and_writes_json_objects() {
        let map: SortedMap<String, u32> =
            crate::core::json_de::from_str(r#"{"b": 2, "a": 1, "b": 3}"#).unwrap();
        assert_eq!(
            crate::core::json::to_string(&map).unwrap(),
            r#"{"a":1,"b":3}"#
        );
        let err =
            crate::core::json_de::from_str::<SortedMap<String, u32>>(r#"{"a": "x"}"#).unwrap_err();
        assert_eq!(err.path(), "a");
        assert!(crate::core::json_de::from_str::<SortedMap<String, u32>>("[1]").is_err());
    }
}
