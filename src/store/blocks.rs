//! The big tables (requests, history) as blocks of records.
//!
//! Why: sled's cost is per record. A city-scale import (100,000 requests and their 100,000
//! history events) written as 200,000 sled records took 2–3 s and about 1 GB of memory inside
//! sled alone, whatever the chunking; the same bytes as about a thousand values of ~64 KiB take
//! a tenth of the time and about twice their size in memory (measured with a scratch program
//! against sled 0.34.7; see BENCHMARKS.md "Import").
//!
//! Layout (schema 2): a blocked table's sled tree holds values that are blocks
//! ([`codec::encode_block`]): sorted `(key, record)` entries whose keys all fall between the
//! block's own key and the next block's key. A block's key is its smallest entry's key, so
//! the block holding a key is the last block whose key is not greater
//! (`range(..=key).next_back()`), and a prefix scan starts there and walks forward.
//!
//! Writes are planned before the transaction ([`plan`]): the blocks a batch touches are read,
//! merged with the batch's changes, re-cut into blocks of at most [`MAX_BYTES`] (split evenly
//! near [`TARGET_BYTES`]) and written back in the same single transaction as everything else.
//! Reading outside the transaction is safe because only one process opens the database and
//! it commits from one thread. Records inside a block stay individually encoded, so every
//! reader above `store` sees the same logical `(key, record)` rows as before blocks existed
//! (backups included).

use super::StoreError;
use crate::codec::{self, BLOCK_ENTRY_OVERHEAD, CodecError};
use std::collections::BTreeMap;
use std::ops::Bound;

/// Size a bulk write aims at for each block.
pub(super) const TARGET_BYTES: usize = 64 * 1024;
/// A block that would grow past this is split.
pub(super) const MAX_BYTES: usize = 2 * TARGET_BYTES;

/// Logical changes to one blocked table: key → new record, or `None` to delete. Sorted, so
/// the changes falling into one block are contiguous.
pub(super) type Changes = BTreeMap<Vec<u8>, Option<Vec<u8>>>;

/// Physical writes to a blocked table's tree: block key → block bytes, or `None` to delete.
pub(super) type BlockWrites = Vec<(Vec<u8>, Option<Vec<u8>>)>;

fn damaged(table: &'static str, block_key: &[u8], source: CodecError) -> StoreError {
    StoreError::Damaged {
        table,
        key: format!("block {}", String::from_utf8_lossy(block_key)),
        source,
    }
}

/// The block that holds `key` if it exists: the last block whose key is not greater.
fn block_for(
    tree: &sled::Tree,
    key: &[u8],
) -> Result<Option<(sled::IVec, sled::IVec)>, StoreError> {
    Ok(tree.range(..=key).next_back().transpose()?)
}

/// The record stored under `key`.
pub(super) fn get(
    table: &'static str,
    tree: &sled::Tree,
    key: &[u8],
) -> Result<Option<Vec<u8>>, StoreError> {
    let Some((block_key, block)) = block_for(tree, key)? else {
        return Ok(None);
    };
    for entry in codec::block_entries(&block) {
        let (k, v) = entry.map_err(|e| damaged(table, &block_key, e))?;
        match k.cmp(key) {
            std::cmp::Ordering::Less => {}
            std::cmp::Ordering::Equal => return Ok(Some(v.to_vec())),
            std::cmp::Ordering::Greater => break,
        }
    }
    Ok(None)
}

/// Calls `f` with every record whose key starts with `prefix`, in key order.
pub(super) fn scan_prefix(
    table: &'static str,
    tree: &sled::Tree,
    prefix: &[u8],
    mut f: impl FnMut(&[u8], &[u8]) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let start = match block_for(tree, prefix)? {
        Some((k, _)) => Bound::Included(k),
        None => Bound::Unbounded,
    };
    for item in tree.range((start, Bound::Unbounded)) {
        let (block_key, block) = item?;
        for entry in codec::block_entries(&block) {
            let (k, v) = entry.map_err(|e| damaged(table, &block_key, e))?;
            if k.starts_with(prefix) {
                f(k, v)?;
            } else if k > prefix {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// Number of readable records (reads every block's framing, decodes no record). A damaged
/// block counts the entries before the damage: `soudan check` reports the damage itself.
pub(super) fn len(tree: &sled::Tree) -> Result<usize, StoreError> {
    let mut n = 0;
    for item in tree.iter() {
        let (_, block) = item?;
        n += codec::block_entries(&block)
            .take_while(Result::is_ok)
            .count();
    }
    Ok(n)
}

/// The block writes that apply `changes` to `tree`. Reads only the blocks the changes fall
/// into; keys before the first block go into the first block (which is then re-keyed).
pub(super) fn plan(
    table: &'static str,
    tree: &sled::Tree,
    changes: Changes,
) -> Result<BlockWrites, StoreError> {
    let first = tree.iter().next().transpose()?.map(|(k, _)| k);
    let mut writes = BlockWrites::new();
    // The block being merged: its key (None = no block yet) and its changes.
    let mut group: Option<(Option<sled::IVec>, Vec<(Vec<u8>, Option<Vec<u8>>)>)> = None;
    for (key, change) in changes {
        let home = match block_for(tree, &key)? {
            Some((k, _)) => Some(k),
            None => first.clone(),
        };
        match &mut group {
            Some((current, list)) if *current == home => list.push((key, change)),
            _ => {
                if let Some((block, list)) = group.take() {
                    rewrite(table, tree, block, list, &mut writes)?;
                }
                group = Some((home, vec![(key, change)]));
            }
        }
    }
    if let Some((block, list)) = group {
        rewrite(table, tree, block, list, &mut writes)?;
    }
    Ok(writes)
}

/// Merges `changes` (sorted) into the block stored under `block_key` and cuts the result into
/// blocks, pushing the writes (the old key is deleted unless a new block reuses it).
fn rewrite(
    table: &'static str,
    tree: &sled::Tree,
    block_key: Option<sled::IVec>,
    changes: Vec<(Vec<u8>, Option<Vec<u8>>)>,
    writes: &mut BlockWrites,
) -> Result<(), StoreError> {
    let old = match &block_key {
        Some(k) => tree.get(k)?,
        None => None,
    };
    let existing: Vec<(&[u8], &[u8])> = match (&old, &block_key) {
        (Some(bytes), Some(k)) => codec::block_entries(bytes)
            .collect::<Result<_, _>>()
            .map_err(|e| damaged(table, k, e))?,
        _ => Vec::new(),
    };
    let mut merged: Vec<(&[u8], &[u8])> = Vec::with_capacity(existing.len() + changes.len());
    let mut i = 0;
    for (key, change) in &changes {
        while i < existing.len() && existing[i].0 < key.as_slice() {
            merged.push(existing[i]);
            i += 1;
        }
        if i < existing.len() && existing[i].0 == key.as_slice() {
            i += 1;
        }
        if let Some(value) = change {
            merged.push((key, value));
        }
    }
    merged.extend_from_slice(&existing[i..]);
    let size = |(k, v): &(&[u8], &[u8])| k.len() + v.len() + BLOCK_ENTRY_OVERHEAD;
    let total: usize = merged.iter().map(size).sum();
    let pieces = if total <= MAX_BYTES {
        1
    } else {
        total.div_ceil(TARGET_BYTES)
    };
    let per_piece = total.div_ceil(pieces.max(1));
    let mut reused = false;
    let mut start = 0;
    while start < merged.len() {
        let mut end = start;
        let mut bytes = 0;
        while end < merged.len() && (end == start || bytes + size(&merged[end]) <= per_piece) {
            bytes += size(&merged[end]);
            end += 1;
        }
        let piece = &merged[start..end];
        let key = piece[0].0.to_vec();
        reused |= block_key
            .as_ref()
            .is_some_and(|k| k.as_ref() == key.as_slice());
        let value = codec::encode_block(piece.iter().copied(), bytes)
            .map_err(|source| StoreError::Encode { table, source })?;
        writes.push((key, Some(value)));
        start = end;
    }
    if let Some(k) = block_key
        && !reused
    {
        writes.push((k.to_vec(), None));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree() -> (sled::Db, sled::Tree) {
        let db = sled::Config::new().temporary(true).open().unwrap();
        let t = db.open_tree("t").unwrap();
        (db, t)
    }

    fn apply(tree: &sled::Tree, changes: Changes) {
        for (k, v) in plan("t", tree, changes).unwrap() {
            match v {
                Some(v) => tree.insert(k, v).unwrap(),
                None => tree.remove(k).unwrap(),
            };
        }
    }

    fn all(tree: &sled::Tree) -> Vec<(Vec<u8>, Vec<u8>)> {
        let mut out = Vec::new();
        scan_prefix("t", tree, b"", |k, v| {
            out.push((k.to_vec(), v.to_vec()));
            Ok(())
        })
        .unwrap();
        out
    }

    /// Every block's key is its first entry's key, entries are sorted within and across
    /// blocks, and no block exceeds the maximum (unless it holds one huge record).
    fn assert_well_formed(tree: &sled::Tree) {
        let mut last: Option<Vec<u8>> = None;
        for item in tree.iter() {
            let (bk, block) = item.unwrap();
            let entries: Vec<_> = codec::block_entries(&block)
                .collect::<Result<_, _>>()
                .unwrap();
            assert!(!entries.is_empty(), "empty block");
            assert_eq!(entries[0].0, bk.as_ref());
            assert!(block.len() <= MAX_BYTES + 5 || entries.len() == 1);
            for (k, _) in entries {
                assert!(last.as_deref().is_none_or(|l| l < k));
                last = Some(k.to_vec());
            }
        }
    }

    /// The blocked table against a `BTreeMap` oracle, through a random mix of inserts,
    /// overwrites and deletes in batches of random size (a deterministic LCG, no seed file).
    #[test]
    fn random_batches_match_a_map() {
        let (_db, t) = tree();
        let mut oracle: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: u64| {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (x >> 33) % n
        };
        for round in 0..60 {
            let mut changes = Changes::new();
            let n = 1 + next(if round % 10 == 0 { 3000 } else { 40 });
            for _ in 0..n {
                let key = format!("R-{:05}", next(5000)).into_bytes();
                if next(6) == 0 {
                    changes.insert(key, None);
                } else {
                    let len = 50 + next(900) as usize;
                    changes.insert(key, Some(vec![(round % 251) as u8; len]));
                }
            }
            for (k, v) in &changes {
                match v {
                    Some(v) => oracle.insert(k.clone(), v.clone()),
                    None => oracle.remove(k),
                };
            }
            apply(&t, changes);
            assert_well_formed(&t);
            let expect: Vec<_> = oracle.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            assert_eq!(all(&t), expect, "round {round}");
            assert_eq!(len(&t).unwrap(), oracle.len());
            for probe in 0..50 {
                let key = format!("R-{:05}", probe * 97);
                assert_eq!(
                    get("t", &t, key.as_bytes()).unwrap(),
                    oracle.get(key.as_bytes()).cloned()
                );
            }
        }
        assert!(t.len() > 10, "the table was cut into blocks");
    }

    #[test]
    fn prefix_scan_crosses_blocks_and_stops_after_the_prefix() {
        let (_db, t) = tree();
        let mut changes = Changes::new();
        for r in 0..300 {
            for seq in 0..20u64 {
                let mut key = format!("R-{r:04}").into_bytes();
                key.push(0);
                key.extend_from_slice(&seq.to_be_bytes());
                changes.insert(key, Some(vec![7; 400]));
            }
        }
        apply(&t, changes);
        assert!(t.len() > 20);
        for r in [0, 1, 150, 299] {
            let mut prefix = format!("R-{r:04}").into_bytes();
            prefix.push(0);
            let mut n = 0;
            scan_prefix("t", &t, &prefix, |k, _| {
                assert!(k.starts_with(&prefix));
                n += 1;
                Ok(())
            })
            .unwrap();
            assert_eq!(n, 20, "R-{r:04}");
        }
        let mut none = 0;
        scan_prefix("t", &t, b"Q", |_, _| {
            none += 1;
            Ok(())
        })
        .unwrap();
        assert_eq!(none, 0);
    }

    #[test]
    fn a_damaged_block_is_an_error_naming_it() {
        let (_db, t) = tree();
        t.insert(b"R-1", vec![codec::FORMAT_BLOCK, 9, 0, 0, 0, 1])
            .unwrap();
        let e = get("requests", &t, b"R-1").unwrap_err();
        assert!(e.to_string().contains("block R-1"), "{e}");
        assert_eq!(len(&t).unwrap(), 0);
    }
}
