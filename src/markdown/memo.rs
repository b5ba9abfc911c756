//! What this process already worked out, kept by its input: a code block's highlighting,
//! a formula's MathML, a diagram's drawing. The print page asks again for everything the
//! pages asked for, and `serve` for everything an edit left alone. Past its limit a memo
//! starts over: `serve` keeps one process for hours, and every edit adds an entry.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, OnceLock};

/// A map shared by the render threads, emptied when it reaches `limit` entries.
pub struct Memo<K, V> {
    limit: usize,
    entries: OnceLock<Mutex<HashMap<K, V>>>,
}

impl<K: Eq + Hash, V: Clone> Memo<K, V> {
    pub const fn new(limit: usize) -> Self {
        Self {
            limit,
            entries: OnceLock::new(),
        }
    }

    fn entries(&self) -> &Mutex<HashMap<K, V>> {
        self.entries.get_or_init(Mutex::default)
    }

    pub fn get<Q>(&self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Eq + Hash + ?Sized,
    {
        self.entries().lock().ok()?.get(key).cloned()
    }

    /// Every entry, cloned.
    pub fn all(&self) -> Vec<(K, V)>
    where
        K: Clone,
    {
        self.entries().lock().map_or_else(
            |_| Vec::new(),
            |entries| {
                entries
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            },
        )
    }

    pub fn insert(&self, key: K, value: V) {
        if let Ok(mut entries) = self.entries().lock() {
            if entries.len() >= self.limit {
                entries.clear();
            }
            entries.insert(key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_memo_starts_over_at_its_limit() {
        let memo: Memo<String, usize> = Memo::new(2);
        memo.insert("a".to_string(), 1);
        memo.insert("b".to_string(), 2);
        assert_eq!(memo.get("a"), Some(1));
        memo.insert("c".to_string(), 3);
        assert_eq!(memo.get("a"), None, "emptied at the limit");
        assert_eq!(memo.get("c"), Some(3));
    }
}
